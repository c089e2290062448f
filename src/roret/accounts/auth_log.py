"""Logs every authentication attempt, without passwords and without CPR numbers.

The log names the account when the username belongs to one; what someone typed into the
username field is otherwise not repeated, since it may be anything, even a CPR number.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger("roret.accounts.auth")

# Six digits, an optional dash, four digits: the shape of a CPR number.
_CPR_SHAPED = re.compile(r"\d{6}-?\d{4}")


def _client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return str(request.META.get("REMOTE_ADDR", "-"))


def attempted_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The username axes stores and locks on; a CPR-shaped value is replaced by a keyed hash.

    The hash keeps lockout working for repeated attempts with the same value without storing
    the value itself.
    """
    username = ""
    if credentials:
        username = str(credentials.get("username") or "")
    elif request is not None:
        username = str(request.POST.get("username", ""))
    if _CPR_SHAPED.search(username):
        digest = salted_hmac("roret.accounts.attempted_username", username).hexdigest()
        return f"redacted-{digest[:16]}"
    return username


def _known_account(username: str) -> str:
    user_model = get_user_model()
    if username and user_model._default_manager.filter(username=username).exists():
        return username
    return "<unknown account>"


def log_login_succeeded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    logger.info(
        "Password accepted for account %s (id %s) from %s",
        user.get_username(),
        user.pk,
        _client_ip(request),
    )


def log_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = attempted_username(request, credentials)
    logger.warning("Password refused for %s from %s", _known_account(username), _client_ip(request))


def log_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        logger.info("Account %s (id %s) logged out", user.get_username(), user.pk)


def log_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any
) -> None:
    logger.warning(
        "Account %s locked after repeated failed logins from %s",
        _known_account(username or ""),
        _client_ip(request),
    )


def log_second_factor(*, user: Any, request: HttpRequest, succeeded: bool, what: str) -> None:
    if succeeded:
        logger.info(
            "%s succeeded for account %s (id %s) from %s",
            what,
            user.get_username(),
            user.pk,
            _client_ip(request),
        )
    else:
        logger.warning(
            "%s failed for account %s (id %s) from %s",
            what,
            user.get_username(),
            user.pk,
            _client_ip(request),
        )

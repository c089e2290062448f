"""The reference to a staff user, as every app's models declare it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, overload

from django.conf import settings

from roret.core.fields import foreign_key

if TYPE_CHECKING:
    from django.db import models
    from django.db.models.expressions import Combinable
    from django_stubs_ext import StrOrPromise

    from roret.accounts.models import User


@overload
def staff_user(
    verbose_name: StrOrPromise | None = ...,
    *,
    optional: Literal[False] = ...,
    related_name: str | None = ...,
    help_text: StrOrPromise = ...,
) -> models.ForeignKey[User | Combinable, User]: ...


@overload
def staff_user(
    verbose_name: StrOrPromise | None = ...,
    *,
    optional: Literal[True],
    related_name: str | None = ...,
    help_text: StrOrPromise = ...,
) -> models.ForeignKey[User | Combinable | None, User | None]: ...


def staff_user(
    verbose_name: StrOrPromise | None = None,
    *,
    optional: bool = False,
    related_name: str | None = "+",
    help_text: StrOrPromise = "",
) -> models.ForeignKey[Any, Any]:
    """Who did something (created, decided, recorded): protected, so a user who has acted
    is deactivated rather than deleted (``roret.core.fields.foreign_key``)."""
    return foreign_key(
        settings.AUTH_USER_MODEL,
        verbose_name,
        optional=optional,
        related_name=related_name,
        help_text=help_text,
    )

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


def _administers(user: Any) -> bool:
    from roret.accounts.rules import is_administrator

    return bool(is_administrator.test(user))


class AccountsConfig(AppConfig):
    name = "roret.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    # The administrator's way into the admin site: users, roles, the organisation and the
    # reference data kept there (the yearly frikort amounts among them).
    navigation = [NavItem("admin:index", _("Administration"), order=90, visible=_administers)]

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import (
            user_logged_in,
            user_logged_out,
            user_login_failed,
        )

        from roret.accounts import auth_log, checks  # noqa: F401 - registers the checks

        user_logged_in.connect(auth_log.log_login_succeeded, dispatch_uid="roret-login-ok")
        user_login_failed.connect(auth_log.log_login_failed, dispatch_uid="roret-login-failed")
        user_logged_out.connect(auth_log.log_logged_out, dispatch_uid="roret-logout")
        user_locked_out.connect(auth_log.log_locked_out, dispatch_uid="roret-locked-out")

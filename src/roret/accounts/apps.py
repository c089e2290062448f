from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "roret.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

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

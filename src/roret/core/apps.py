from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class CoreConfig(AppConfig):
    name = "roret.core"
    label = "core"
    verbose_name = _("Core")
    navigation = [NavItem("home", _("My overview"), order=0)]

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from roret.core import checks  # noqa: F401 - registers the house rules
        from roret.core.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="roret-idle-clock")

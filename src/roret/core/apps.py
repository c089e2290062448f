from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class CoreConfig(AppConfig):
    name = "roret.core"
    label = "core"
    verbose_name = _("Core")
    navigation = [NavItem("home", _("My overview"), order=0)]

    def ready(self) -> None:
        from roret.core import checks  # noqa: F401 - registers the house rules

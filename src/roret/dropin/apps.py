from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class DropinConfig(AppConfig):
    name = "roret.dropin"
    label = "dropin"
    verbose_name = _("Drop-in centres")
    navigation = [
        NavItem("dropin:site_list", _("Drop-in centres"), order=60, rule="can_use_dropin")
    ]

    def ready(self) -> None:
        from roret.dropin import rules  # noqa: F401  (registers the admin permissions)

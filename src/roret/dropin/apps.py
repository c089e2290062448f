from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


def _uses_dropin(user: Any) -> bool:
    from roret.dropin.rules import can_use_dropin

    return bool(can_use_dropin.test(user))


class DropinConfig(AppConfig):
    name = "roret.dropin"
    label = "dropin"
    verbose_name = _("Drop-in centres")
    navigation = [NavItem("dropin:site_list", _("Drop-in centres"), order=60, visible=_uses_dropin)]

    def ready(self) -> None:
        from roret.dropin import rules  # noqa: F401  (registers the admin permissions)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class OutreachConfig(AppConfig):
    name = "roret.outreach"
    label = "outreach"
    verbose_name = _("Outreach and coordination")
    navigation: list[NavItem] = []

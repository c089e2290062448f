from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class JournalConfig(AppConfig):
    name = "roret.journal"
    label = "journal"
    verbose_name = _("Journal")
    navigation = [NavItem("journal:calendar", _("Calendar"), order=30)]

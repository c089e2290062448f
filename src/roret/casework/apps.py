from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import REPORTS, NavItem, Rule


class CaseworkConfig(AppConfig):
    name = "roret.casework"
    label = "casework"
    verbose_name = _("Casework")
    navigation = [
        NavItem(
            "casework:my_queue",
            _("Applications"),
            order=20,
            visible=Rule("roret.casework.rules.can_handle_applications"),
        ),
        NavItem(
            "casework:report",
            _("Processing times"),
            order=10,
            visible=Rule("roret.casework.rules.can_read_processing_report"),
            group=REPORTS,
            description=_("Applications decided within the published processing times."),
        ),
    ]

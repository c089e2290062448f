from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import REPORTS, NavItem


class CaseworkConfig(AppConfig):
    name = "roret.casework"
    label = "casework"
    verbose_name = _("Casework")
    navigation = [
        NavItem("casework:my_queue", _("Applications"), order=20, rule="can_handle_applications"),
        NavItem(
            "casework:fast_track_pending",
            _("Fast track awaiting approval"),
            order=22,
            rule="can_decide_fast_track",
        ),
        NavItem(
            "casework:report",
            _("Processing times"),
            order=10,
            rule="can_read_processing_report",
            group=REPORTS,
            description=_("Applications decided within the published processing times."),
        ),
    ]
    # The home page's blocks (roret.core.sections).
    sections = {
        "core.home": [
            "roret.casework.home.caseworker_block",
            "roret.casework.home.team_leader_block",
            "roret.casework.home.manager_block",
        ]
    }

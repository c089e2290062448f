from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import REPORTS, NavItem


def _handles_applications(user: object) -> bool:
    from roret.casework.rules import can_handle_applications

    return bool(can_handle_applications.test(user))


def _decides_fast_track(user: object) -> bool:
    from roret.casework.rules import can_decide_fast_track

    return bool(can_decide_fast_track.test(user))


def _reads_report(user: object) -> bool:
    from roret.casework.rules import can_read_processing_report

    return bool(can_read_processing_report.test(user))


class CaseworkConfig(AppConfig):
    name = "roret.casework"
    label = "casework"
    verbose_name = _("Casework")
    navigation = [
        NavItem("casework:my_queue", _("Applications"), order=20, visible=_handles_applications),
        NavItem(
            "casework:fast_track_pending",
            _("Fast track awaiting approval"),
            order=22,
            visible=_decides_fast_track,
        ),
        NavItem(
            "casework:report",
            _("Processing times"),
            order=10,
            visible=_reads_report,
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

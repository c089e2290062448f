from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import REPORTS, NavItem


def _meets_people(user: Any) -> bool:
    from roret.outreach.rules import can_record_contacts

    return bool(can_record_contacts.test(user))


def _reads_area_overview(user: Any) -> bool:
    from roret.outreach.rules import can_read_area_overview

    return bool(can_read_area_overview.test(user))


def _registers_referrals(user: Any) -> bool:
    from roret.outreach.rules import can_register_referrals

    return bool(can_register_referrals.test(user))


class OutreachConfig(AppConfig):
    name = "roret.outreach"
    label = "outreach"
    verbose_name = _("Outreach and coordination")
    navigation = [
        NavItem(
            "outreach:referral_inbox",
            _("Requests from outreach"),
            order=21,
            visible=_registers_referrals,
        ),
        NavItem("outreach:contact_list", _("Outreach"), order=45, visible=_meets_people),
        NavItem(
            "outreach:area_overview", _("Outreach areas"), order=46, visible=_reads_area_overview
        ),
        NavItem(
            "outreach:report",
            _("Outreach"),
            order=40,
            visible=_reads_area_overview,
            group=REPORTS,
            description=_("Contacts per area, persons reached and identified, fast track."),
        ),
    ]
    # The citizen overview (people) shows the outreach contacts (roret.core.sections).
    # The home page shows its blocks (hook core.home).
    sections = {
        "people.citizen_detail": ["roret.outreach.sections.citizen_section"],
        "core.home": ["roret.outreach.home.worker_block", "roret.outreach.home.manager_block"],
    }

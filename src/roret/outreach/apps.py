from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import REPORTS, NavItem


class OutreachConfig(AppConfig):
    name = "roret.outreach"
    label = "outreach"
    verbose_name = _("Outreach and coordination")
    navigation = [
        NavItem(
            "outreach:referral_inbox",
            _("Requests from outreach"),
            order=21,
            rule="can_register_referrals",
        ),
        NavItem("outreach:contact_list", _("Outreach"), order=45, rule="can_record_contacts"),
        NavItem(
            "outreach:area_overview", _("Outreach areas"), order=46, rule="can_read_area_overview"
        ),
        NavItem(
            "outreach:report",
            _("Outreach"),
            order=40,
            rule="can_read_area_overview",
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

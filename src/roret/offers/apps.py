from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import REPORTS, NavItem


class OffersConfig(AppConfig):
    name = "roret.offers"
    label = "offers"
    verbose_name = _("Offers")
    navigation = [
        NavItem("offers:catalogue", _("Offers"), order=40),
        NavItem("offers:referrals_sent", _("Referrals"), order=41, rule="can_refer"),
        NavItem("offers:intake", _("Intake"), order=42, rule="can_provide"),
        NavItem(
            "offers:report",
            _("Offer outcomes"),
            order=20,
            rule="can_read_outcomes",
            group=REPORTS,
            description=_("Referrals, enrolments, completion and moves on per offer; § 85 trend."),
        ),
    ]
    # The home page's blocks (roret.core.sections).
    sections = {
        "core.home": ["roret.offers.home.provider_block", "roret.offers.home.manager_block"]
    }

    def ready(self) -> None:
        from roret.offers import rules  # noqa: F401  (registers the admin permissions)

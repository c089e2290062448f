from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import REPORTS, NavItem


def _refers(user: object) -> bool:
    from roret.offers.rules import can_refer

    return bool(can_refer.test(user))


def _provides(user: object) -> bool:
    from roret.offers.rules import can_provide

    return bool(can_provide.test(user))


def _reads_outcomes(user: object) -> bool:
    from roret.offers.rules import can_read_outcomes

    return bool(can_read_outcomes.test(user))


class OffersConfig(AppConfig):
    name = "roret.offers"
    label = "offers"
    verbose_name = _("Offers")
    navigation = [
        NavItem("offers:catalogue", _("Offers"), order=40),
        NavItem("offers:referrals_sent", _("Referrals"), order=41, visible=_refers),
        NavItem("offers:intake", _("Intake"), order=42, visible=_provides),
        NavItem(
            "offers:report",
            _("Offer outcomes"),
            order=20,
            visible=_reads_outcomes,
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

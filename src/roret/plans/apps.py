from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class PlansConfig(AppConfig):
    name = "roret.plans"
    label = "plans"
    verbose_name = _("Plans")
    navigation = [NavItem("plans:follow_up", _("Follow-up"), order=20)]
    # The home page's block and the overview's link to the plan, only for the roles that
    # read plans (roret.core.sections).
    sections = {
        "core.home": ["roret.plans.home.coordinator_block"],
        "people.citizen_detail": ["roret.plans.sections.citizen_section"],
    }

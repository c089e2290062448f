from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class PlansConfig(AppConfig):
    name = "roret.plans"
    label = "plans"
    verbose_name = _("Plans")
    navigation = [NavItem("plans:follow_up", _("Follow-up"), order=20)]
    # The home page's block (roret.core.sections).
    sections = {"core.home": ["roret.plans.home.coordinator_block"]}

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class PlansConfig(AppConfig):
    name = "roret.plans"
    label = "plans"
    verbose_name = _("Plans")
    navigation = [NavItem("plans:follow_up", _("Follow-up"), order=20)]
    # The citizen overview (people) links to the plan for the roles that read it.
    sections = {"people.citizen_detail": ["roret.plans.sections.citizen_section"]}

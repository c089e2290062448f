from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import REPORTS, NavItem


class EmploymentConfig(AppConfig):
    name = "roret.employment"
    label = "employment"
    verbose_name = _("Employment")
    navigation = [
        NavItem(
            "employment:overview", _("Frikort and jobs"), order=45, rule="can_manage_employment"
        ),
        NavItem(
            "employment:report",
            _("Frikort and KLAP"),
            order=30,
            rule="can_read_employment_report",
            group=REPORTS,
            description=_("Frikort holders and KLAP jobs at the start and end of the year."),
        ),
    ]
    # Pages lower in the layers show these (roret.core.sections).
    sections = {
        "people.citizen_detail": ["roret.employment.sections.citizen_section"],
        "plans.follow_up": ["roret.employment.sections.follow_up_section"],
    }

    def ready(self) -> None:
        from roret.employment import rules  # noqa: F401  (registers the admin permissions)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class PeopleConfig(AppConfig):
    name = "roret.people"
    label = "people"
    verbose_name = _("Citizens")
    navigation = [NavItem("people:citizen_search", _("Citizens"), order=10)]
    # The home page's one access-log entry when its sections list citizens (roret.core.sections).
    sections = {"core.page_read": ["roret.people.sections.page_read"]}

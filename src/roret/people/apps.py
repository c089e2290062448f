from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class PeopleConfig(AppConfig):
    name = "roret.people"
    label = "people"
    verbose_name = _("Citizens")
    navigation = [NavItem("people:citizen_search", _("Citizens"), order=10)]

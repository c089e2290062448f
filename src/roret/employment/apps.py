from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class EmploymentConfig(AppConfig):
    name = "roret.employment"
    label = "employment"
    verbose_name = _("Employment")
    navigation: list[NavItem] = []

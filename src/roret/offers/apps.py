from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roret.core.navigation import NavItem


class OffersConfig(AppConfig):
    name = "roret.offers"
    label = "offers"
    verbose_name = _("Offers")
    navigation: list[NavItem] = []

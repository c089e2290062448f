"""Money as Danish staff read it: "33.012,80 kr."."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def kroner(value: Decimal | None) -> str:
    if value is None:
        return "–"
    amount = formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{amount} kr."


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{formats.number_format(value, decimal_pos=1, use_l10n=True)} %"

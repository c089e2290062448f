"""How long a text may be and which values are plausible, as data.

A 1 MB note, a problem area that began in 1800 or a job of 500 hours a week is a typing
mistake or an attack, never a fact; the write path (``roret.people.writes``) refuses each
with a Danish message before anything is saved, and forms give the browser the same text
limits. The figures below are the defaults; a municipality overrides any of them in
``settings.RORET_LIMITS`` (same keys), so changing a limit is a setting, not a code change.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

DEFAULTS: dict[str, Any] = {
    # Characters in any free-text field without a limit of its own.
    "text": 10_000,
    # Per field, as "<app_label>.<model>.<field>".
    "text_fields": {
        "journal.note.text": 100_000,
        "casework.application.decision_text": 100_000,
    },
    # Dates of anything recorded about a citizen's history or plans.
    "date_min": datetime.date(1900, 1, 1),
    "date_max": datetime.date(2100, 12, 31),
    # Numbers, as (lowest, highest), per field.
    "ranges": {
        "employment.job.hours_per_week": (0, 80),
    },
}


def limits() -> dict[str, Any]:
    override: dict[str, Any] = getattr(settings, "RORET_LIMITS", {}) or {}
    merged = {**DEFAULTS, **override}
    for key in ("text_fields", "ranges"):
        merged[key] = {**DEFAULTS[key], **override.get(key, {})}
    return merged


def text_limit(model: type[models.Model], field: str) -> int:
    table = limits()
    key = f"{model._meta.label_lower}.{field}"
    return int(table["text_fields"].get(key, table["text"]))


def validate_limits(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """Raise a ValidationError keyed by field for every value outside its limits."""
    table = limits()
    errors: dict[str, str] = {}
    label = obj._meta.label_lower
    for field in obj._meta.concrete_fields:
        if exclude and field.name in exclude:
            continue
        value = getattr(obj, field.attname, None)
        if value is None or value == "":
            continue
        key = f"{label}.{field.name}"
        if isinstance(field, models.TextField | models.CharField) and isinstance(value, str):
            limit = field.max_length or table["text_fields"].get(key, table["text"])
            if len(value) > limit:
                errors[field.name] = _(
                    "The text is too long: at most %(limit)s characters (it has %(length)s)."
                ) % {
                    "limit": number_format(limit, force_grouping=True),
                    "length": number_format(len(value), force_grouping=True),
                }
        elif isinstance(field, models.DateField) and isinstance(value, datetime.date):
            day = value.date() if isinstance(value, datetime.datetime) else value
            if not table["date_min"] <= day <= table["date_max"]:
                errors[field.name] = _("The date must lie between %(first)s and %(last)s.") % {
                    "first": date_format(table["date_min"], "j. F Y"),
                    "last": date_format(table["date_max"], "j. F Y"),
                }
        elif key in table["ranges"] and isinstance(value, int | float | Decimal):
            low, high = table["ranges"][key]
            if not low <= value <= high:
                errors[field.name] = _("The value must lie between %(low)s and %(high)s.") % {
                    "low": low,
                    "high": high,
                }
    if errors:
        raise ValidationError(errors)

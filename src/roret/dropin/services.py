"""Writes: a tap on the counter and a correction afterwards. Keyword-only, one transaction,
permission checked here; nothing is written when a service raises. The counts are about
no one, so there is no access-log entry; a correction is validated like any other row
(``validated_save``)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from roret.accounts.models import User
from roret.dropin.access import site_for
from roret.dropin.models import Category, Correction, Count, Site, Slot, Tap
from roret.dropin.rules import can_count
from roret.people.writes import validated_save

MAX_VISITS = 10_000  # per category and slot; more is a typing error


@dataclass(frozen=True)
class TapResult:
    category: Category
    visits_today: int
    counted: bool  # False when the token had been used: a retry or a double submission


def slot_hour(site: Site, hour: int, slots: list[Slot] | None = None) -> int:
    """The hour a visit at ``hour`` is counted under: the hour itself, or the start of the
    site's named slot that ``hour`` falls in."""
    slots = list(site.slots.all()) if slots is None else slots
    if not slots:
        return hour
    started = [slot.start_hour for slot in slots if slot.start_hour <= hour]
    return max(started) if started else min(slot.start_hour for slot in slots)


def _category(site: Site, category_id: int, *, active_only: bool) -> Category:
    categories = Category.objects.filter(site=site, pk=category_id)
    if active_only:
        categories = categories.filter(is_active=True)
    category = categories.first()
    if category is None:
        raise ValidationError({"category": _("Choose one of the site's categories.")})
    return category


def visits_on(category: Category, date: datetime.date) -> int:
    total = Count.objects.filter(category=category, date=date).aggregate(v=Sum("visits"))["v"]
    return int(total or 0)


@transaction.atomic
def tap(*, actor: User, site_id: int, category_id: int, token: uuid.UUID, delta: int) -> TapResult:
    """Adds (``delta`` 1) or removes (−1) one visit in the current slot, once per token.

    Concurrent taps each insert their own ``Tap`` row and change the count with one atomic
    ``UPDATE ... SET visits = visits ± 1``, so no tap is lost to a read-modify-write race.
    """
    site = site_for(actor, site_id, can_count)
    if delta not in (1, -1):
        raise ValidationError({"delta": _("A tap adds or removes one visit.")})
    category = _category(site, category_id, active_only=True)
    now = timezone.localtime()
    today = now.date()
    if Tap.objects.filter(token=token).exists():
        return TapResult(category, visits_on(category, today), counted=False)
    count, _created = Count.objects.get_or_create(
        category=category, date=today, hour=slot_hour(site, now.hour)
    )
    try:
        with transaction.atomic():
            Tap.objects.create(token=token, count=count, delta=delta)
    except IntegrityError:
        # The same token arrived twice at once; the other request counted it.
        return TapResult(category, visits_on(category, today), counted=False)
    changed = Count.objects.filter(pk=count.pk)
    if delta < 0:
        changed = changed.filter(visits__gt=0)
    if not changed.update(visits=F("visits") + delta):
        raise ValidationError({"delta": _("There are no visits to remove in this time slot.")})
    return TapResult(category, visits_on(category, today), counted=True)


@transaction.atomic
def correct(
    *,
    actor: User,
    site_id: int,
    category_id: int,
    date: datetime.date,
    hour: int,
    visits: int,
    reason: str,
) -> Correction:
    """Sets a slot's count to ``visits`` and keeps the old figure, who and why."""
    site = site_for(actor, site_id, can_count)
    category = _category(site, category_id, active_only=False)
    errors: dict[str, str] = {}
    if date > timezone.localdate():
        errors["date"] = _("A count cannot be corrected for a day that has not come yet.")
    if not 0 <= hour <= 23:
        errors["hour"] = _("The hour must be between 0 and 23.")
    if not 0 <= visits <= MAX_VISITS:
        errors["visits"] = _("The number of visits must be between 0 and %(max)s.") % {
            "max": MAX_VISITS
        }
    if reason not in Correction.Reason.values:
        errors["reason"] = _("Choose a reason for the correction.")
    if errors:
        raise ValidationError(errors)
    hour = slot_hour(site, hour)
    count, _created = Count.objects.get_or_create(category=category, date=date, hour=hour)
    count = Count.objects.select_for_update().get(pk=count.pk)
    if count.visits == visits:
        raise ValidationError(
            {"visits": _("The count is already %(visits)s.") % {"visits": visits}}
        )
    correction = Correction(
        count=count,
        old_visits=count.visits,
        new_visits=visits,
        reason=reason,
        corrected_by=actor,
    )
    validated_save(correction)
    Count.objects.filter(pk=count.pk).update(visits=visits)
    return correction

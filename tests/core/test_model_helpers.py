"""The constraint helpers of ``roret.core.models`` build the constraint as if written out, so
migrations see the same schema."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from roret.core.models import at_least_one_of, exactly_one_of, ordered_dates, unique


def test_unique_is_the_unique_constraint_over_the_fields() -> None:
    assert unique("site", "weekday", name="one_per_day") == models.UniqueConstraint(
        fields=["site", "weekday"], name="one_per_day"
    )


def test_unique_among_the_rows_of_a_condition() -> None:
    current = Q(is_current=True)
    assert unique("citizen", condition=current, name="one_current") == models.UniqueConstraint(
        fields=["citizen"], condition=current, name="one_current"
    )


def test_ordered_dates_allows_an_open_end() -> None:
    assert ordered_dates("starts_on", "ends_on", name="ends_after_start") == (
        models.CheckConstraint(
            condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
            name="ends_after_start",
        )
    )


def test_at_least_one_of_refuses_neither() -> None:
    assert at_least_one_of("worker", "team", name="has_a_follower") == models.CheckConstraint(
        condition=Q(worker__isnull=False) | Q(team__isnull=False), name="has_a_follower"
    )


def test_exactly_one_of_refuses_both_and_neither() -> None:
    assert exactly_one_of("department", "partner", name="one_provider") == (
        models.CheckConstraint(
            condition=(Q(department__isnull=False) & Q(partner__isnull=True))
            | (Q(department__isnull=True) & Q(partner__isnull=False)),
            name="one_provider",
        )
    )


def test_a_named_row_is_listed_by_and_shown_as_its_name() -> None:
    from roret.offers.models import Offer
    from roret.organisation.models import Department, Partner

    for model in (Department, Partner, Offer):
        assert model._meta.ordering == ["name"]
        assert not model._meta.abstract
    assert str(Department(name="Socialafdelingen")) == "Socialafdelingen"


def test_overlapping_meets_a_period_open_or_set() -> None:
    from roret.core.models import overlapping

    day = datetime.date(2026, 3, 1)
    assert overlapping("starts_on", "ends_on", day, day) == Q(starts_on__lte=day) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    assert overlapping("valid_from", "valid_to", day) == (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def test_a_period_does_not_end_before_it_starts() -> None:
    from roret.outreach.models import CaseloadEntry

    entry = CaseloadEntry(starts_on=datetime.date(2026, 3, 2), ends_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError) as refused:
        entry.clean()
    assert list(refused.value.error_dict) == ["ends_on"]
    CaseloadEntry(starts_on=datetime.date(2026, 3, 2)).clean()

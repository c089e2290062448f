"""Open-counselling tallies hold no personal data by construction: no field of the model can
point at a person or hold a name."""

from __future__ import annotations

from django.db import models

from roret.accounts.models import User
from roret.offers.models import CounsellingTally
from roret.people.models import Citizen

PEOPLE_APPS = {"people", "accounts", "auth"}


def test_no_field_of_the_counselling_tally_can_hold_a_persons_identity() -> None:
    fields = CounsellingTally._meta.get_fields()
    assert fields, "the model has fields"
    for field in fields:
        related = field.related_model
        if related is not None:
            assert related not in (Citizen, User), field.name
            assert related._meta.app_label not in PEOPLE_APPS, field.name
            # The one relation is to the offer, itself reference data without people.
            for inner in related._meta.get_fields():
                if inner.is_relation and not inner.auto_created and inner.related_model:
                    assert inner.related_model._meta.app_label not in PEOPLE_APPS, inner.name
        if isinstance(field, models.TextField | models.JSONField | models.BinaryField):
            raise AssertionError(f"{field.name} could hold free text")
        if isinstance(field, models.CharField):
            assert field.choices, f"{field.name} is free text"
            assert field.max_length is not None and field.max_length <= 50
    names = {field.name for field in fields}
    assert names == {"id", "offer", "held_on", "topic", "count"}

"""No field of any drop-in model can hold a person.

Every field of every model in the app is listed here with its type. A new field fails this
test until someone adds it to the allowlist, which is the moment to ask: could this point to
a visitor? The allowlist holds numbers, dates, fixed choices, links between the app's own
models and the owning department, and short *names of things* (a site, a slot, a category).
The one link to a user is ``Correction.corrected_by``: the staff member who changed a figure,
never a visitor, kept because a corrected statistic is only trustworthy with its author.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.db import models

from roret.dropin.models import Correction

AUTO = (models.BigAutoField, models.AutoField)

ALLOWED: dict[str, dict[str, type[models.Field]]] = {
    "Site": {
        "id": models.BigAutoField,
        "name": models.CharField,
        "address": models.CharField,  # the site's own address
        "department": models.ForeignKey,
        "is_active": models.BooleanField,
    },
    "OpeningHours": {
        "id": models.BigAutoField,
        "site": models.ForeignKey,
        "weekday": models.PositiveSmallIntegerField,
        "opens": models.TimeField,
        "closes": models.TimeField,
    },
    "Slot": {
        "id": models.BigAutoField,
        "site": models.ForeignKey,
        "name": models.CharField,
        "start_hour": models.PositiveSmallIntegerField,
    },
    "Category": {
        "id": models.BigAutoField,
        "site": models.ForeignKey,
        "name": models.CharField,
        "order": models.PositiveSmallIntegerField,
        "is_active": models.BooleanField,
    },
    "Count": {
        "id": models.BigAutoField,
        "category": models.ForeignKey,
        "date": models.DateField,
        "hour": models.PositiveSmallIntegerField,
        "visits": models.PositiveIntegerField,
    },
    "Tap": {
        "id": models.BigAutoField,
        "token": models.UUIDField,  # made by the page for one press, not for a person
        "count": models.ForeignKey,
        "delta": models.SmallIntegerField,
        "tapped_at": models.DateTimeField,
    },
    "Correction": {
        "id": models.BigAutoField,
        "count": models.ForeignKey,
        "old_visits": models.PositiveIntegerField,
        "new_visits": models.PositiveIntegerField,
        "reason": models.CharField,
        "corrected_by": models.ForeignKey,
        "corrected_at": models.DateTimeField,
    },
}
# Where a relation may point: the app's own models, the owning department, and (only for the
# author of a correction) a staff user.
ALLOWED_TARGETS = {"dropin", "organisation.Department"}
STAFF_FIELDS = {("Correction", "corrected_by")}
# Names of things, kept short so no story about a visitor fits.
NAME_LIMIT = 200


def _dropin_models() -> list[type[models.Model]]:
    return list(apps.get_app_config("dropin").get_models())


def test_every_field_is_on_the_allowlist_with_its_type() -> None:
    found = {
        model.__name__: {
            field.name: type(field)
            for field in model._meta.get_fields()
            if not field.auto_created or field.concrete
        }
        for model in _dropin_models()
    }
    assert found == ALLOWED


def test_relations_point_only_inside_the_app_or_to_the_department() -> None:
    user_model = apps.get_model("accounts", "User")
    for model in _dropin_models():
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created:
                continue
            target = field.related_model
            assert target is not None
            label = target._meta.label
            if (model.__name__, field.name) in STAFF_FIELDS:
                assert target is user_model
                continue
            assert target._meta.app_label == "dropin" or label in ALLOWED_TARGETS, (
                f"{model.__name__}.{field.name} points at {label}"
            )
            assert target._meta.app_label != "people"


def test_no_free_text_about_anyone() -> None:
    for model in _dropin_models():
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.TextField), f"{model.__name__}.{field.name}"
            assert not isinstance(field, (models.JSONField, models.BinaryField, models.FileField))
            if isinstance(field, models.CharField) and not field.choices:
                assert field.name in {"name", "address"}, f"{model.__name__}.{field.name}"
                assert field.max_length is not None and field.max_length <= NAME_LIMIT


def test_the_correction_reason_is_a_fixed_choice() -> None:
    reason = Correction._meta.get_field("reason")
    assert reason.choices == list(Correction.Reason.choices)


# The two house helpers that live in people but are about no citizen: the marker that a
# route names no citizen data, and the validated save of a row that is not citizen data.
HOUSE_HELPERS = {
    ("roret.people.gate", "not_citizen_data"),
    ("roret.people.writes", "validated_save"),
}


def test_the_app_never_imports_the_citizen_register() -> None:
    # import-linter allows it (dropin sits above people); this app must not want it.
    package = Path(apps.get_app_config("dropin").path)
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[tuple[str, str]] = []
            if isinstance(node, ast.Import):
                names = [(alias.name, "") for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [(node.module or "", alias.name) for alias in node.names]
            for module, name in names:
                if (module, name) in HOUSE_HELPERS:
                    continue
                assert not module.startswith("roret.people"), f"{source} imports {module}"

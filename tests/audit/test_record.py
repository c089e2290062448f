"""Recording a use of personal data: one row, in the caller's transaction, never a CPR."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from roret.audit.masking import CPR_MASK
from roret.audit.models import AccessLogEntry
from roret.audit.services import record_access, record_accesses, seal_pending
from roret.organisation.models import Department

from .factories import synthetic_cpr

Action = AccessLogEntry.Action


@pytest.mark.django_db
def test_record_access_writes_one_row_with_every_field(actor, department) -> None:
    entry = record_access(
        actor=actor,
        action=Action.VIEW,
        object_type="people.citizen",
        object_id=42,
        purpose="Citizen overview",
        citizen_id=42,
        actor_department=department,
    )
    assert AccessLogEntry.objects.count() == 1
    stored = AccessLogEntry.objects.get()
    assert stored == entry
    assert (stored.actor, stored.actor_department, stored.citizen_id) == (actor, department, 42)
    assert (stored.action, stored.object_type, stored.object_id) == ("view", "people.citizen", "42")
    assert (stored.purpose, stored.criterion, stored.granted) == ("Citizen overview", "", True)
    assert stored.at is not None


@pytest.mark.django_db
def test_a_search_is_one_entry_with_its_criterion_and_a_cpr_is_masked(actor) -> None:
    cpr = synthetic_cpr()
    entry = record_access(
        actor=actor,
        action="search",
        object_type="people.citizen",
        purpose=f"Search for {cpr[:6]}-{cpr[6:]}",
        object_id=cpr,
        criterion=f"name: Jens Hansen; cpr: {cpr}",
    )
    entry.refresh_from_db()
    assert entry.criterion == f"name: Jens Hansen; cpr: {CPR_MASK}"
    assert entry.purpose == f"Search for {CPR_MASK}"
    assert entry.object_id == CPR_MASK
    assert cpr[6:] not in entry.criterion + entry.purpose + entry.object_id


@pytest.mark.django_db
def test_a_system_action_has_no_actor_and_a_department_may_be_given_by_id(department) -> None:
    entry = record_access(
        actor=None,
        action=Action.EXPORT,
        object_type="people.citizen",
        purpose="Statistics",
        actor_department_id=department.pk,
        granted=False,
    )
    assert (entry.actor_id, entry.actor_department_id, entry.granted) == (
        None,
        department.pk,
        False,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"purpose": "  "},
        {"action": "peek"},
        {"object_type": ""},
        {"citizen_id": "42"},
        {"object_id": "x" * 65},
    ],
)
def test_invalid_input_is_refused_and_nothing_is_written(actor, changes) -> None:
    arguments = {
        "actor": actor,
        "action": Action.VIEW,
        "object_type": "people.citizen",
        "purpose": "Citizen overview",
        **changes,
    }
    with pytest.raises(ValueError):
        record_access(**arguments)
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_refused_change_is_recorded_without_a_transaction(actor) -> None:
    entry = record_access(
        actor=actor, action=Action.UPDATE, object_type="people.citizen", purpose="x", granted=False
    )
    assert AccessLogEntry.objects.get().pk == entry.pk


@pytest.mark.django_db
def test_a_department_object_and_id_together_are_refused(actor, department) -> None:
    with pytest.raises(ValueError):
        record_access(
            actor=actor,
            action=Action.VIEW,
            object_type="people.citizen",
            purpose="Citizen overview",
            actor_department=department,
            actor_department_id=department.pk,
        )


@pytest.mark.django_db
def test_the_entry_rolls_back_with_the_callers_transaction(actor) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        Department.objects.create(name="Jobcenter")
        record_access(
            actor=actor, action=Action.CREATE, object_type="organisation.department", purpose="x"
        )
        raise RuntimeError("the change fails after the entry was written")
    assert not AccessLogEntry.objects.exists()
    assert not Department.objects.filter(name="Jobcenter").exists()


@pytest.mark.django_db
def test_a_failed_entry_dooms_the_callers_change_even_if_the_error_is_caught(
    actor, monkeypatch
) -> None:
    def fail(self: AccessLogEntry, *args: object, **kwargs: object) -> None:
        raise DatabaseError("disk full")

    with transaction.atomic():
        Department.objects.create(name="Jobcenter")
        monkeypatch.setattr(AccessLogEntry, "save", fail)
        with pytest.raises(DatabaseError):
            record_access(
                actor=actor,
                action=Action.CREATE,
                object_type="organisation.department",
                purpose="x",
            )
        assert transaction.get_connection().needs_rollback
        with pytest.raises(TransactionManagementError):
            Department.objects.count()
    assert not Department.objects.filter(name="Jobcenter").exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_recorded_outside_a_transaction_is_refused(actor) -> None:
    with pytest.raises(TransactionManagementError):
        record_access(actor=actor, action=Action.UPDATE, object_type="people.citizen", purpose="x")
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_record_accesses_writes_one_entry_per_citizen_in_one_query(
    actor, department, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        entries = record_accesses(
            actor=actor,
            action=Action.EXPORT,
            object_type="people.citizen",
            purpose="Export of the caseload",
            citizen_ids=[3, 1, 3, 2],
            actor_department=department,
            criterion="team: Skovparken",
        )
    assert [entry.citizen_id for entry in entries] == [3, 1, 2]
    stored = AccessLogEntry.objects.order_by("id")
    assert [(e.citizen_id, e.action, e.actor_department_id) for e in stored] == [
        (3, "export", department.pk),
        (1, "export", department.pk),
        (2, "export", department.pk),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_look_up_outside_a_transaction_commits_on_its_own(actor) -> None:
    """Also shows that a transactional test can end (flush) with log rows and seals present."""
    record_access(actor=actor, action=Action.VIEW, object_type="people.citizen", purpose="x")
    assert AccessLogEntry.objects.count() == 1
    assert seal_pending(now=timezone.now() + timedelta(minutes=1)).sealed == 1

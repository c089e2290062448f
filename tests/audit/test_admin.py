"""The log is read-only in the administration, and reading it there is logged too."""

from __future__ import annotations

import pytest
from django.test import Client

from roret.accounts.models import Role, User
from roret.audit.admin import ADMIN_PURPOSE
from roret.audit.models import ACCESS_LOG_RECORD_TYPE, AccessLogEntry, RetentionRule
from tests.factories import login_staff

from .factories import EntryFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/audit/accesslogentry/"


@pytest.fixture
def auditor() -> User:
    return UserFactory.create(username="tilsyn", is_staff=True, is_superuser=True)


@pytest.fixture
def auditor_client(client: Client, auditor: User) -> Client:
    return login_staff(client, auditor)


def new_entries(before: int) -> list[tuple[str, str, int | None, str]]:
    return list(
        AccessLogEntry.objects.filter(pk__gt=before)
        .order_by("pk")
        .values_list("action", "object_type", "citizen_id", "criterion")
    )


def test_the_list_is_shown_and_its_reading_is_logged_with_the_filter(
    auditor_client: Client, auditor: User
) -> None:
    entry = EntryFactory.create(citizen_id=7)
    response = auditor_client.get(LOG_URL, {"citizen_id": "7"})
    assert response.status_code == 200
    assert new_entries(entry.pk) == [("search", ACCESS_LOG_RECORD_TYPE, None, "citizen_id=7")]
    logged = AccessLogEntry.objects.latest("pk")
    assert (logged.actor, logged.purpose) == (auditor, ADMIN_PURPOSE)


def test_an_entry_is_shown_read_only_and_its_reading_is_logged(auditor_client: Client) -> None:
    entry = EntryFactory.create(citizen_id=7)
    url = f"{LOG_URL}{entry.pk}/change/"
    response = auditor_client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert new_entries(entry.pk) == [("view", ACCESS_LOG_RECORD_TYPE, 7, "")]
    assert auditor_client.post(url, {"purpose": "changed"}).status_code == 403
    assert auditor_client.get(f"{LOG_URL}add/").status_code == 403
    assert auditor_client.get(f"{LOG_URL}{entry.pk}/delete/").status_code == 403
    entry.refresh_from_db()
    assert entry.purpose == "Sagsbehandling"


def test_seals_are_listed_read_only(auditor_client: Client) -> None:
    assert auditor_client.get("/admin/audit/seal/").status_code == 200
    assert auditor_client.get("/admin/audit/seal/add/").status_code == 403


def test_retention_rules_are_edited_but_never_below_the_minimum(auditor_client: Client) -> None:
    rule = RetentionRule.objects.get(record_type=ACCESS_LOG_RECORD_TYPE)
    url = f"/admin/audit/retentionrule/{rule.pk}/change/"
    data = {"record_type": ACCESS_LOG_RECORD_TYPE, "keep_days": "30", "note": ""}
    response = auditor_client.post(url, data)
    assert response.status_code == 200
    assert "183" in response.content.decode()
    assert auditor_client.post(url, {**data, "keep_days": "400"}).status_code == 302
    rule.refresh_from_db()
    assert rule.keep_days == 400


def test_the_administrator_role_does_not_read_the_log(client: Client) -> None:
    administrator = UserFactory.create(username="admin-rolle")
    administrator.roles.add(Role.objects.get(code=Role.ADMINISTRATOR))
    login_staff(client, administrator)
    assert client.get(LOG_URL).status_code == 403

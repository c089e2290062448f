"""The employment pages, and the warnings on the citizen's overview and in the
coordinator's follow-up list (sections contributed through roret.core.sections)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.employment import services
from roret.employment.models import Earning, Frikort, FrikortCap, Job
from roret.organisation.models import Department
from roret.people.models import Citizen
from roret.plans.models import Plan
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory, link

from .factories import CVR_A, caps, earning, frikort, job

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _caps() -> None:
    caps()


@pytest.fixture
def today() -> D:
    return timezone.localdate()


@pytest.fixture
def this_years_cap(today) -> Decimal:
    """The administrator has registered this year's amount (a round test figure)."""
    FrikortCap.objects.update_or_create(year=today.year, defaults={"amount": Decimal("40000.00")})
    return Decimal("40000.00")


@pytest.fixture
def centre() -> Department:
    return DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)


@pytest.fixture
def caseworker(centre) -> User:
    return UserFactory.create(roles=["caseworker"], departments=[centre])


@pytest.fixture
def citizen(centre) -> Citizen:
    made = CitizenFactory.create(first_name="Mette", last_name="Holm")
    link(made, centre)
    return made


def _entries(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(id__gt=since).order_by("id"))


def _last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _earn(citizen: Citizen, today: D, amount: str) -> Frikort:
    card = frikort(citizen, decided_on=D(today.year, 1, 1) - datetime.timedelta(days=400))
    earning(card, job(citizen, starts_on=D(today.year - 1, 1, 1)), D(today.year, 1, 1), amount)
    return card


def test_the_citizen_page_shows_the_years_total_share_and_warning(
    client: Client, caseworker, citizen, today, this_years_cap
) -> None:
    _earn(citizen, today, "32000.00")
    login_staff(client, caseworker)
    before = _last_id()
    html = client.get(reverse("employment:citizen", args=[citizen.pk])).content.decode()
    assert [(e.action, e.citizen_id) for e in _entries(before)] == [("view", citizen.pk)]
    assert "80 % af det skattefri beløb" in html
    assert "32.000,00 kr. af 40.000,00 kr. (80,0 %)" in html
    assert "8.000,00 kr. tilbage i år" in html
    html_2024 = client.get(
        reverse("employment:citizen", args=[citizen.pk]), {"year": 2024}
    ).content.decode()
    assert "Ingen indtægter registreret for året." in html_2024


def test_the_citizens_overview_warns_at_80_and_100_percent(
    client: Client, caseworker, citizen, today, this_years_cap
) -> None:
    login_staff(client, caseworker)
    url = reverse("people:citizen_detail", args=[citizen.pk])
    card = _earn(citizen, today, "31999.99")
    html = client.get(url).content.decode()
    assert "Frikort og job" in html and 'data-cap-level="ok"' in html
    shop = Job.objects.get(citizen=citizen)
    earning(card, shop, D(today.year, 2, 1) if today.month >= 2 else today, "0.01")
    html = client.get(url).content.decode()
    assert 'data-cap-level="near"' in html and "80 % af det skattefri beløb" in html
    Earning.objects.filter(job=shop).update(amount=Decimal("20000.00"))
    services.earning_years_rebuild()  # amounts changed in bulk, behind the services
    html = client.get(url).content.decode()
    assert 'data-cap-level="full"' in html
    assert f"Det skattefri beløb for {today.year} er brugt op" in html


def test_the_overview_section_is_not_shown_without_the_role(
    client: Client, centre, citizen
) -> None:
    provider = UserFactory.create(roles=["provider_staff"], departments=[centre])
    login_staff(client, provider)
    html = client.get(reverse("people:citizen_detail", args=[citizen.pk])).content.decode()
    assert "employment-heading" not in html


def test_the_coordinators_follow_up_lists_citizens_near_the_cap(
    client: Client, centre, citizen, today, this_years_cap
) -> None:
    coordinator = UserFactory.create(roles=["coordinator"], departments=[centre])
    Plan.objects.create(citizen=citizen, coordinator=coordinator, department=centre)
    other = CitizenFactory.create(first_name="Ole", last_name="Andersen")
    link(other, centre)
    _earn(citizen, today, "39000.00")
    _earn(other, today, "39000.00")  # near the cap, but not in a plan the user coordinates
    login_staff(client, coordinator)
    before = _last_id()
    html = client.get(reverse("plans:follow_up")).content.decode()
    assert len(_entries(before)) == 1
    assert "Frikort tæt på eller over årets beløb" in html
    assert "Mette Holm" in html and "97,5 %" in html
    assert "Ole Andersen" not in html


def test_the_overview_lists_checks_due_within_60_days_and_overdue(
    client: Client, caseworker, centre, today
) -> None:
    def holder(name: str, due: D) -> None:
        person = CitizenFactory.create(first_name=name, last_name="Test")
        link(person, centre)
        frikort(person, decided_on=today - datetime.timedelta(days=300), next_check_due=due)

    holder("Overskredet", today - datetime.timedelta(days=1))
    holder("Snart", today + datetime.timedelta(days=60))
    holder("Senere", today + datetime.timedelta(days=61))
    hidden = CitizenFactory.create(first_name="Skjult", last_name="Test")
    frikort(hidden, decided_on=today - datetime.timedelta(days=300), next_check_due=today)
    login_staff(client, caseworker)
    before = _last_id()
    html = client.get(reverse("employment:overview")).content.decode()
    assert [e.action for e in _entries(before)] == ["search"]
    assert "Overskredet Test" in html and "Snart Test" in html
    assert "Senere Test" not in html and "Skjult Test" not in html
    assert "(2)" in html


def test_the_citizen_page_reminds_of_the_check(client: Client, caseworker, citizen, today) -> None:
    frikort(
        citizen,
        decided_on=today - datetime.timedelta(days=200),
        next_check_due=today + datetime.timedelta(days=30),
    )
    login_staff(client, caseworker)
    html = client.get(reverse("employment:citizen", args=[citizen.pk])).content.decode()
    assert "Kontrollen af målgruppen skal foretages senest" in html


def test_a_negative_amount_in_the_form_gives_a_danish_error_and_writes_nothing(
    client: Client, caseworker, citizen, today
) -> None:
    card = frikort(citizen, decided_on=today - datetime.timedelta(days=100))
    shop = job(citizen, starts_on=today - datetime.timedelta(days=100))
    login_staff(client, caseworker)
    url = reverse("employment:earning_add", args=[card.pk])
    data = {"job": shop.pk, "month": today.month, "year": today.year, "amount": "-100"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Beløbet skal være over 0 kr." in response.content.decode()
    assert Earning.objects.count() == 0
    data["amount"] = "3.250,50"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Earning.objects.get().amount == Decimal("3250.50")


def test_a_bad_cvr_in_the_form_gives_a_danish_error(
    client: Client, caseworker, citizen, centre
) -> None:
    login_staff(client, caseworker)
    data = {
        "kind": "klap",
        "employer_name": "Brugsen",
        "employer_cvr": "12345678",
        "department": centre.pk,
        "starts_on": "2025-03-01",
        "hours_per_week": "7,5",
    }
    url = reverse("employment:job_add", args=[citizen.pk])
    response = client.post(url, data)
    assert "Det er ikke et gyldigt CVR-nummer" in response.content.decode()
    assert Job.objects.count() == 0
    response = client.post(url, data | {"employer_cvr": CVR_A, "ends_on": "2025-02-01"})
    assert "Jobbet kan ikke slutte, før det begynder." in response.content.decode()
    assert Job.objects.count() == 0
    response = client.post(url, data | {"employer_cvr": CVR_A})
    assert response.status_code == 302
    assert Job.objects.get().hours_per_week == Decimal("7.5")


def test_the_citizen_page_runs_a_fixed_number_of_queries(
    client: Client, caseworker, citizen, today
) -> None:
    login_staff(client, caseworker)
    url = reverse("employment:citizen", args=[citizen.pk])
    card = frikort(citizen, decided_on=D(2024, 1, 1))
    shop = job(citizen, starts_on=D(2024, 1, 1))
    earning(card, shop, D(2025, 1, 1), "100.00")
    client.get(url, {"year": 2025})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"year": 2025})
    other = job(citizen, starts_on=D(2024, 1, 1), employer_name="Anden")
    for month in range(2, 13):
        earning(card, shop, D(2025, month, 1), "100.00")
        earning(card, other, D(2025, month, 1), "100.00")
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"year": 2025})
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("3.250,50", "3250.50"),
        ("3250,5", "3250.50"),
        ("3250.50", "3250.50"),
        ("3.250 kr.", "3250.00"),
        ("42 766,00 kr", "42766.00"),
    ],
)
def test_amounts_are_read_as_danish_staff_write_them(typed: str, amount: str) -> None:
    from roret.employment.forms import KronerField

    assert KronerField(max_digits=10, decimal_places=2).clean(typed) == Decimal(amount)


def test_check_deactivate_and_end_job_through_the_pages(
    client: Client, caseworker, citizen, centre, today
) -> None:
    card = frikort(citizen, decided_on=today - datetime.timedelta(days=300))
    shop = job(citizen, starts_on=today - datetime.timedelta(days=300), department=centre)
    login_staff(client, caseworker)
    check_url = reverse("employment:frikort_check", args=[card.pk])
    before = _last_id()
    assert client.get(check_url).status_code == 200
    assert [e.action for e in _entries(before)] == ["view"]
    response = client.post(check_url, {"checked_on": today.isoformat()})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.next_check_due == D(today.year + 1, 12, 31)

    end_url = reverse("employment:job_end", args=[shop.pk])
    response = client.post(
        end_url, {"ends_on": (shop.starts_on - datetime.timedelta(days=1)).isoformat()}
    )
    assert "Jobbet kan ikke slutte, før det begynder." in response.content.decode()
    response = client.post(end_url, {"ends_on": today.isoformat()})
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.ends_on == today

    deactivate_url = reverse("employment:frikort_deactivate", args=[card.pk])
    response = client.post(deactivate_url, {"deactivated_on": today.isoformat(), "reason": ""})
    assert response.status_code == 200
    card.refresh_from_db()
    assert card.deactivated_on is None
    response = client.post(
        deactivate_url, {"deactivated_on": today.isoformat(), "reason": "Ikke i målgruppen"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.deactivated_on == today
    html = client.get(reverse("employment:citizen", args=[citizen.pk])).content.decode()
    assert "Deaktiveret" in html and "Tilkend socialt frikort" in html


def test_a_user_without_need_to_know_gets_404_and_nothing_is_written(
    client: Client, citizen, today
) -> None:
    card = frikort(citizen, decided_on=today - datetime.timedelta(days=300))
    shop = job(citizen, starts_on=today - datetime.timedelta(days=300))
    stranger = UserFactory.create(
        roles=["caseworker"], departments=[DepartmentFactory.create(name="Boligafdeling")]
    )
    login_staff(client, stranger)
    url = reverse("employment:earning_add", args=[card.pk])
    data = {"job": shop.pk, "month": today.month, "year": today.year, "amount": "100"}
    assert client.post(url, data).status_code == 404
    assert client.get(reverse("employment:citizen", args=[citizen.pk])).status_code == 404
    assert Earning.objects.count() == 0


def test_the_form_pages_are_behind_the_gate_and_log_once(
    client: Client, caseworker, citizen, centre, today
) -> None:
    card = frikort(citizen, decided_on=today - datetime.timedelta(days=300))
    shop = job(citizen, starts_on=today - datetime.timedelta(days=300), department=centre)
    login_staff(client, caseworker)
    pages = [
        (reverse("employment:frikort_decide", args=[citizen.pk]), "people.citizen", citizen.pk),
        (reverse("employment:job_add", args=[citizen.pk]), "people.citizen", citizen.pk),
        (reverse("employment:frikort_check", args=[card.pk]), "employment.frikort", card.pk),
        (reverse("employment:frikort_deactivate", args=[card.pk]), "employment.frikort", card.pk),
        (reverse("employment:earning_add", args=[card.pk]), "employment.frikort", card.pk),
        (reverse("employment:job_end", args=[shop.pk]), "employment.job", shop.pk),
    ]
    for url, object_type, object_id in pages:
        before = _last_id()
        response = client.get(url)
        assert response.status_code == 200, url
        assert [(e.action, e.object_type, e.object_id, e.citizen_id) for e in _entries(before)] == [
            ("view", object_type, str(object_id), citizen.pk)
        ], url
        html = response.content.decode()
        assert "Tilbage til frikort og job" in html
    # A form that shows its errors again is one view; a write is the service's one entry.
    url = reverse("employment:job_end", args=[shop.pk])
    before = _last_id()
    client.post(url, {"ends_on": (shop.starts_on - datetime.timedelta(days=1)).isoformat()})
    assert [e.action for e in _entries(before)] == ["view"]
    before = _last_id()
    assert client.post(url, {"ends_on": today.isoformat()}).status_code == 302
    assert [(e.action, e.object_type) for e in _entries(before)] == [("update", "employment.job")]


def test_an_object_of_another_citizen_is_not_reached_through_the_page(
    client: Client, caseworker, citizen, today
) -> None:
    hidden = CitizenFactory.create()
    card = frikort(hidden, decided_on=today - datetime.timedelta(days=300))
    login_staff(client, caseworker)
    before = _last_id()
    assert client.get(reverse("employment:frikort_check", args=[card.pk])).status_code == 404
    assert [(e.granted, e.object_type) for e in _entries(before)] == [(False, "employment.frikort")]
    assert client.get(reverse("employment:job_end", args=[999_999])).status_code == 404


def test_ending_a_job_from_a_page_read_before_a_colleagues_change_shows_the_conflict(
    client: Client, caseworker, citizen, centre, today
) -> None:
    shop = job(
        citizen,
        starts_on=today - datetime.timedelta(days=300),
        ends_on=today + datetime.timedelta(days=30),
        department=centre,
    )
    login_staff(client, caseworker)
    url = reverse("employment:job_end", args=[shop.pk])
    html = client.get(url).content.decode()
    assert f'name="_version" value="{shop.version}"' in html
    read = re.search(r'name="_read" value="([^"]+)"', html)
    assert read is not None
    colleague = UserFactory.create(roles=["caseworker"], departments=[centre])
    services.job_end(actor=colleague, job_id=shop.pk, ends_on=today + datetime.timedelta(days=10))
    mine = {"ends_on": today.isoformat(), "_version": str(shop.version), "_read": read[1]}
    response = client.post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Det blev ændret, mens du havde formularen åben" in html
    shop.refresh_from_db()
    assert shop.ends_on == today + datetime.timedelta(days=10)
    # The page now carries the current version: saving again applies the change.
    assert f'name="_version" value="{shop.version}"' in html
    response = client.post(url, mine | {"_version": str(shop.version)})
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.ends_on == today


def test_the_overview_pages_the_checks_and_filters_overdue_from_due_soon(
    client: Client, caseworker, centre, today, this_years_cap
) -> None:
    for i in range(30):
        person = CitizenFactory.create()
        link(person, centre)
        card = frikort(
            person,
            decided_on=today - datetime.timedelta(days=400),
            next_check_due=today + datetime.timedelta(days=i - 10),
        )
        earning(card, job(person, starts_on=D(today.year - 1, 1, 1)), D(today.year, 1, 1), "39000")
    login_staff(client, caseworker)
    url = reverse("employment:overview")
    result = client.get(url, {"checks_size": "25"}).context["result"]
    assert (result.checks.total, len(result.checks)) == (30, 25)
    assert result.warnings.total == 30
    second = client.get(url, {"checks_size": "25", "checks_page": "2"}).context["result"]
    assert [f.next_check_due for f in second.checks] == [
        today + datetime.timedelta(days=i) for i in range(15, 20)
    ]
    overdue = client.get(url, {"check_status": "overdue"})
    assert overdue.context["result"].checks.total == 10
    assert all(f.next_check_due < today for f in overdue.context["result"].checks)
    assert client.get(url, {"check_status": "soon"}).context["result"].checks.total == 20

"""Taps and corrections: idempotent, atomic, permission-checked, nothing half-written."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roret.dropin import selectors, services
from roret.dropin.models import Category, Correction, Count, Site, Slot, Tap
from roret.organisation.models import Department
from tests.factories import DepartmentFactory, UserFactory, login_staff

from .factories import SiteFactory, site_with_categories

pytestmark = pytest.mark.django_db


@pytest.fixture
def department() -> Department:
    return DepartmentFactory.create(name="Socialafdeling udfører")


@pytest.fixture
def site(department: Department) -> Site:
    return site_with_categories(department)


def _staff(department: Department, role: str = "provider_staff") -> object:
    return UserFactory.create(roles=[role], departments=[department])


def test_a_tap_counts_once_per_token(site: Site, department: Department) -> None:
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    category = site.categories.first()
    assert category is not None
    token = uuid.uuid4()
    first = services.tap(
        actor=staff, site_id=site.pk, category_id=category.pk, token=token, delta=1
    )
    again = services.tap(
        actor=staff, site_id=site.pk, category_id=category.pk, token=token, delta=1
    )
    assert (first.counted, first.visits_today) == (True, 1)
    assert (again.counted, again.visits_today) == (False, 1)
    assert Tap.objects.count() == 1


def test_minus_never_goes_below_zero_and_writes_nothing(site: Site, department: Department) -> None:
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    category = site.categories.first()
    assert category is not None
    with pytest.raises(ValidationError) as error:
        services.tap(
            actor=staff, site_id=site.pk, category_id=category.pk, token=uuid.uuid4(), delta=-1
        )
    assert "delta" in error.value.message_dict
    assert not Tap.objects.exists() and not Count.objects.exists()


def test_taps_land_in_the_named_slot(site: Site, department: Department) -> None:
    Slot.objects.create(site=site, name="formiddag", start_hour=0)
    Slot.objects.create(site=site, name="eftermiddag", start_hour=12)
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    category = site.categories.first()
    assert category is not None
    services.tap(actor=staff, site_id=site.pk, category_id=category.pk, token=uuid.uuid4(), delta=1)
    hour = timezone.localtime().hour
    assert Count.objects.get().hour == (0 if hour < 12 else 12)


def test_who_may_tap(site: Site, department: Department) -> None:
    category = site.categories.first()
    assert category is not None
    manager = UserFactory.create(roles=["manager", "team_leader"], departments=[department])
    stranger = UserFactory.create(
        roles=["provider_staff"], departments=[DepartmentFactory.create()]
    )
    with pytest.raises(PermissionDenied):
        services.tap(
            actor=manager, site_id=site.pk, category_id=category.pk, token=uuid.uuid4(), delta=1
        )
    with pytest.raises(Http404):
        services.tap(
            actor=stranger, site_id=site.pk, category_id=category.pk, token=uuid.uuid4(), delta=1
        )
    admin = UserFactory.create(roles=["administrator"], departments=[department])
    admin.is_superuser = True
    admin.save()
    with pytest.raises(PermissionDenied):
        services.tap(
            actor=admin, site_id=site.pk, category_id=category.pk, token=uuid.uuid4(), delta=1
        )
    assert not Tap.objects.exists()


def test_a_category_of_another_site_is_refused(site: Site, department: Department) -> None:
    other = site_with_categories(department)
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    foreign = other.categories.first()
    assert foreign is not None
    with pytest.raises(ValidationError):
        services.tap(
            actor=staff, site_id=site.pk, category_id=foreign.pk, token=uuid.uuid4(), delta=1
        )


def test_a_correction_keeps_the_history(site: Site, department: Department) -> None:
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    category = site.categories.first()
    assert category is not None
    day = timezone.localdate() - datetime.timedelta(days=2)
    Count.objects.create(category=category, date=day, hour=10, visits=4)
    correction = services.correct(
        actor=staff,
        site_id=site.pk,
        category_id=category.pk,
        date=day,
        hour=10,
        visits=9,
        reason=Correction.Reason.PAPER_TALLY,
    )
    assert (correction.old_visits, correction.new_visits) == (4, 9)
    assert correction.corrected_by == staff
    assert Count.objects.get(category=category, date=day, hour=10).visits == 9


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "date"),
        ({"hour": 24}, "hour"),
        ({"visits": -1}, "visits"),
        ({"reason": "he was drunk"}, "reason"),
        ({"visits": 0}, "visits"),  # unchanged: there was nothing to correct
    ],
)
def test_a_bad_correction_writes_nothing(
    site: Site, department: Department, change: dict[str, object], field: str
) -> None:
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    category = site.categories.first()
    assert category is not None
    values: dict[str, object] = {
        "date": timezone.localdate(),
        "hour": 10,
        "visits": 3,
        "reason": Correction.Reason.NOT_COUNTED,
        **change,
    }
    with pytest.raises(ValidationError) as error:
        services.correct(actor=staff, site_id=site.pk, category_id=category.pk, **values)  # type: ignore[arg-type]
    assert field in error.value.message_dict
    assert not Correction.objects.exists() and not Count.objects.exists()


def _client(department: Department, role: str = "provider_staff") -> Client:
    return login_staff(Client(), UserFactory.create(roles=[role], departments=[department]))


def test_htmx_tap_answers_with_the_new_figure_and_a_fresh_token(
    site: Site, department: Department
) -> None:
    client = _client(department)
    category = Category.objects.filter(site=site).first()
    assert category is not None
    token = str(uuid.uuid4())
    url = reverse("dropin:tap", kwargs={"pk": site.pk})
    body = {"category": category.pk, "token": token, "delta": "1"}
    first = client.post(url, body, headers={"HX-Request": "true"})
    second = client.post(url, body, headers={"HX-Request": "true"})
    assert first.status_code == second.status_code == 200
    html = first.content.decode()
    assert f'id="dropin-visits-{category.pk}"' in html and ">1</span>" in html
    assert f"{category.name}: 1 i dag." in html
    assert token not in html  # the next tap gets a new token
    assert "allerede talt" in second.content.decode()
    assert Count.objects.get().visits == 1


def test_tap_without_javascript_redirects_back(site: Site, department: Department) -> None:
    client = _client(department)
    category = site.categories.first()
    assert category is not None
    url = reverse("dropin:tap", kwargs={"pk": site.pk})
    response = client.post(url, {"category": category.pk, "token": str(uuid.uuid4()), "delta": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dropin:counter", kwargs={"pk": site.pk})


@pytest.mark.parametrize(
    "body",
    [
        {"category": "x", "token": str(uuid.uuid4()), "delta": "1"},
        {"category": "1", "token": "not-a-uuid", "delta": "1"},
        {"category": "1", "token": str(uuid.uuid4()), "delta": "5"},
        {},
    ],
)
def test_unreadable_taps_are_a_400(
    site: Site, department: Department, body: dict[str, str]
) -> None:
    response = _client(department).post(reverse("dropin:tap", kwargs={"pk": site.pk}), body)
    assert response.status_code == 400
    assert not Tap.objects.exists()


def test_counter_page_names_every_button(site: Site, department: Department) -> None:
    response = _client(department).get(reverse("dropin:counter", kwargs={"pk": site.pk}))
    html = response.content.decode()
    assert 'aria-label="Tilføj en: Førstegangsbesøg"' in html
    assert 'aria-label="Fjern en: Førstegangsbesøg"' in html
    assert 'role="status"' in html
    assert " style=" not in html and "<script>" not in html


def test_correction_form_shows_danish_errors(site: Site, department: Department) -> None:
    client = _client(department)
    url = reverse("dropin:corrections", kwargs={"pk": site.pk})
    category = site.categories.first()
    assert category is not None
    response = client.post(
        url,
        {
            "category": category.pk,
            "date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "hour": "10",
            "visits": "4",
            "reason": Correction.Reason.NOT_COUNTED,
        },
    )
    assert response.status_code == 200
    assert "ikke er kommet endnu" in response.content.decode()
    response = client.post(url, {"category": category.pk, "date": "i går", "hour": "99"})
    assert response.status_code == 200
    assert not Correction.objects.exists()
    response = client.post(
        url,
        {
            "category": category.pk,
            "date": timezone.localdate().isoformat(),
            "hour": "10",
            "visits": "4",
            "reason": Correction.Reason.NOT_COUNTED,
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "0</td><td>4" in page.replace("\n", "").replace("    ", "")


def test_the_counter_and_the_corrections_read_in_fixed_queries(
    site: Site, department: Department
) -> None:
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    for category in site.categories.all():
        services.tap(
            actor=staff, site_id=site.pk, category_id=category.pk, token=uuid.uuid4(), delta=1
        )
        services.correct(
            actor=staff,
            site_id=site.pk,
            category_id=category.pk,
            date=timezone.localdate() - datetime.timedelta(days=1),
            hour=9,
            visits=3,
            reason=Correction.Reason.PAPER_TALLY,
        )
    staff = UserFactory.create(roles=["provider_staff"], departments=[department])
    # Cached on the user object: a request loads them once, whatever the page.
    assert staff.department_ids and staff.role_codes
    with CaptureQueriesContext(connection) as queries:
        page = selectors.counter(user=staff, site_id=site.pk)
    assert len(queries) == 3
    assert [row.visits_today for row in page.categories] == [1, 1, 1]
    with CaptureQueriesContext(connection) as queries:
        history = selectors.corrections(user=staff, site_id=site.pk)
    assert len(queries) == 3
    assert len(history.corrections) == 3


def test_the_site_list_shows_what_each_user_may_do(site: Site, department: Department) -> None:
    SiteFactory.create(department=DepartmentFactory.create())  # another department's site
    staff = _client(department).get(reverse("dropin:site_list")).content.decode()
    assert site.name in staff and "Tæl besøg" in staff and "Statistik" not in staff
    assert "Mandag 09:00–16:00" in staff
    assert staff.count("Værestedet") == 1
    leader = _client(department, "manager").get(reverse("dropin:site_list")).content.decode()
    assert "Statistik" in leader and "Tæl besøg" not in leader

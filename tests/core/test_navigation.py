"""The main menu and the reports page are assembled from the apps' AppConfig entries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import DepartmentFactory, UserFactory, login_staff

pytestmark = pytest.mark.django_db

REPORT_URLS = {
    reverse("casework:report"),
    reverse("offers:report"),
    reverse("employment:report"),
    reverse("outreach:report"),
}


def _menu(client: Client, path: str = "/") -> list[tuple[str, str, bool]]:
    response = client.get(path)
    assert response.status_code == 200
    return [(link.url, link.label, link.current) for link in response.context["main_menu"]]


def test_a_manager_finds_every_report_under_one_menu_entry() -> None:
    manager = UserFactory.create(roles=["manager"], departments=[DepartmentFactory.create()])
    client = login_staff(Client(), manager)
    menu = _menu(client)
    assert (reverse("reports"), "Rapporter", False) in menu
    assert not REPORT_URLS & {url for url, _label, _current in menu}

    response = client.get(reverse("reports"))
    listed = {link.url for link in response.context["reports"]}
    assert listed == REPORT_URLS
    assert "Sagsbehandlingstider" in response.content.decode()
    # The entry stays marked while the manager reads one of the reports.
    assert (reverse("reports"), "Rapporter", True) in _menu(client, reverse("casework:report"))


def test_a_user_without_reports_gets_no_menu_entry_and_a_plain_answer() -> None:
    caseworker = UserFactory.create(roles=["caseworker"], departments=[DepartmentFactory.create()])
    client = login_staff(Client(), caseworker)
    assert reverse("reports") not in {url for url, _label, _current in _menu(client)}
    response = client.get(reverse("reports"))
    assert response.context["reports"] == []
    assert "Dine roller giver ingen rapporter" in response.content.decode()


def test_only_the_longest_matching_entry_is_current() -> None:
    provider = UserFactory.create(roles=["provider_staff"], departments=[DepartmentFactory()])
    client = login_staff(Client(), provider)
    intake = reverse("offers:intake")
    current = [url for url, _label, is_current in _menu(client, intake) if is_current]
    assert current == [intake]
    catalogue = reverse("offers:catalogue")
    current = [url for url, _label, is_current in _menu(client, catalogue) if is_current]
    assert current == [catalogue]


def test_only_the_administrator_gets_the_administration_entry() -> None:
    """The yearly frikort amounts and the other reference data are kept in the admin site;
    the administrator reaches it from the menu, no other role sees the entry."""
    administrator = UserFactory.create(
        roles=["administrator"], departments=[DepartmentFactory.create()]
    )
    assert (reverse("admin:index"), "Administration", False) in _menu(
        login_staff(Client(), administrator)
    )
    others = UserFactory.create(
        roles=["caseworker", "finance", "manager", "team_leader"],
        departments=[DepartmentFactory.create()],
    )
    assert reverse("admin:index") not in {
        url for url, _label, _current in _menu(login_staff(Client(), others))
    }

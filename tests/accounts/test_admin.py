"""The admin: administrators manage users, roles and the organisation, not case content."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from roret.accounts.models import Role, User
from roret.organisation.models import Department
from tests.factories import (
    DEFAULT_PASSWORD,
    DepartmentFactory,
    UserFactory,
    confirmed_totp_device,
    login_password_only,
    login_staff,
)

pytestmark = pytest.mark.django_db

# What the administrator role administers; every other model in the admin is out of reach.
ADMINISTERED = {
    "accounts.user",
    "accounts.role",
    "organisation.department",
    "organisation.team",
    "organisation.area",
    "organisation.partner",
    "organisation.municipality",
    "dropin.site",  # set-up of drop-in centres (reference data); their counts are not here
    "casework.legalbasis",  # the catalogue of legal bases (reference data)
    "casework.processingstandard",  # published deadlines (reference data); no applications
    "offers.offer",  # the offer catalogue (reference data); no referrals or enrolments
    "offers.rate",  # rates per offer (reference data)
    "offers.courserun",  # course set-up: runs with modules, no participants
    "offers.coursesession",  # session dates, places and facilitators; no attendance
    "employment.frikortcap",  # the yearly frikort amounts (reference data); no frikorts
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


@pytest.fixture
def administrator() -> User:
    return UserFactory.create(roles=[Role.ADMINISTRATOR])


@pytest.fixture
def admin_client(client: Client, administrator: User) -> Client:
    return login_staff(client, administrator)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/role/",
        "/admin/organisation/department/",
        "/admin/organisation/team/",
        "/admin/organisation/area/",
        "/admin/organisation/partner/",
        "/admin/organisation/municipality/",
        "/admin/axes/accessattempt/",
    ],
)
def test_an_administrator_reaches_the_administration(admin_client: Client, url: str) -> None:
    assert admin_client.get(url).status_code == 200


def test_an_administrator_adds_a_department_with_a_team(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/organisation/department/add/",
        {
            "name": "Socialafdeling udfører",
            "kind": "social_provider",
            "is_active": "on",
            "teams-TOTAL_FORMS": "1",
            "teams-INITIAL_FORMS": "0",
            "teams-0-name": "M-ACT team",
            "teams-0-method": "M-ACT",
            "teams-0-is_active": "on",
        },
    )
    assert response.status_code == 302
    department = Department.objects.get(name="Socialafdeling udfører")
    assert [team.name for team in department.teams.all()] == ["M-ACT team"]


def test_an_administrator_assigns_roles_and_departments(
    admin_client: Client, administrator: User
) -> None:
    colleague = UserFactory.create()
    department = DepartmentFactory.create()
    caseworker = Role.objects.get(code=Role.CASEWORKER)
    response = admin_client.post(
        f"/admin/accounts/user/{colleague.pk}/change/",
        {
            "username": colleague.username,
            "first_name": "Ny",
            "last_name": "Kollega",
            "email": "",
            "is_active": "on",
            "roles": [caseworker.pk],
            "departments": [department.pk],
            "teams": [],
            # A superuser flag in the form is ignored: the field is read-only for them.
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    colleague.refresh_from_db()
    assert [role.code for role in colleague.roles.all()] == [Role.CASEWORKER]
    assert list(colleague.departments.all()) == [department]
    assert not colleague.is_superuser


def test_an_administrator_resets_two_factor(admin_client: Client) -> None:
    colleague = UserFactory.create()
    confirmed_totp_device(colleague)
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [colleague.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()


def test_the_built_in_roles_cannot_be_deleted(admin_client: Client) -> None:
    role = Role.objects.get(code=Role.CASEWORKER)
    assert admin_client.get(f"/admin/accounts/role/{role.pk}/delete/").status_code == 403


def test_municipalities_are_read_only(admin_client: Client) -> None:
    assert admin_client.get("/admin/organisation/municipality/add/").status_code == 403


def test_other_staff_get_403(client: Client) -> None:
    manager = UserFactory.create(roles=[Role.MANAGER, Role.TEAM_LEADER, Role.CASEWORKER])
    login_staff(client, manager)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "Du har ikke adgang til denne side" in response.content.decode()


def test_an_administrator_without_the_second_factor_is_sent_to_it(
    client: Client, administrator: User
) -> None:
    login_password_only(client, administrator)
    assert client.get("/admin/")["Location"] == "/login/otp/?next=/admin/"


def test_the_admin_login_form_leads_to_the_one_login_page(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/accounts/")
    assert response["Location"] == "/login/?next=/admin/accounts/"
    assert client.get("/admin/")["Location"] == "/login/?next=/admin/"


def test_administrators_do_not_read_case_content(administrator: User) -> None:
    """Every model any app registers in the admin beyond the administered ones is closed to
    the administrator role: view, add, change and delete."""
    request = RequestFactory().get("/admin/")
    request.user = administrator
    reachable = set()
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if (
            model_admin.has_view_permission(request)
            or model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        ):
            reachable.add(label)
    assert reachable == ADMINISTERED


def test_administrators_cannot_delete_users_only_deactivate(administrator: User) -> None:
    assert administrator.has_perm("accounts.change_user")
    assert not administrator.has_perm("accounts.delete_user")


def test_an_administrator_unlocks_a_locked_account(admin_client: Client) -> None:
    locked = UserFactory.create()
    for _ in range(5):
        Client().post("/login/", {"username": locked.username, "password": "forkert-kodeord"})
    attempt = AccessAttempt.objects.get(username=locked.username)
    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    response = Client().post("/login/", {"username": locked.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302

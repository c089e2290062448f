"""Logging in: password, second factor (enrolment and verification), lockout, logout,
session expiry and the authentication log."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from roret.accounts.auth_log import attempted_username
from roret.accounts.models import User
from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    confirmed_totp_device,
    login_staff,
    totp_token,
)

pytestmark = pytest.mark.django_db

LOCKOUT_TEXT = "Kontoen er låst efter for mange mislykkede loginforsøg"


def _password_login(client: Client, user: User, password: str = DEFAULT_PASSWORD, **extra):
    return client.post(
        "/login/", {"username": user.username, "password": password, **extra}, follow=False
    )


def test_the_login_page_is_public_and_in_danish(client: Client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Log ind</h1>" in content
    assert 'class="form-input"' in content


def test_a_password_leads_to_the_second_factor_not_to_staff_pages(client: Client) -> None:
    user = UserFactory.create()
    confirmed_totp_device(user)
    response = _password_login(client, user, next="/borgere/")
    assert response.status_code == 302
    assert response["Location"] == "/login/otp/?next=%2Fborgere%2F"
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/otp/?next=/"


def test_the_right_code_opens_staff_pages(client: Client) -> None:
    user = UserFactory.create()
    device = confirmed_totp_device(user)
    _password_login(client, user)
    session_key_before = client.session.session_key
    response = client.post("/login/otp/", {"token": totp_token(device), "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != session_key_before
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client: Client) -> None:
    user = UserFactory.create()
    device = confirmed_totp_device(user)
    _password_login(client, user)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    response = client.post("/login/otp/", {"token": wrong})
    assert response.status_code == 200
    assert "Koden blev ikke godkendt" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_code_is_accepted_only_once(client: Client) -> None:
    user = UserFactory.create()
    device = confirmed_totp_device(user)
    token = totp_token(device)
    _password_login(client, user)
    assert client.post("/login/otp/", {"token": token})["Location"] == "/"
    other = Client()
    _password_login(other, user)
    assert other.post("/login/otp/", {"token": token}).status_code == 200
    assert other.get("/").status_code == 302


def test_a_new_user_enrols_an_authenticator_at_first_login(client: Client) -> None:
    user = UserFactory.create()
    _password_login(client, user)
    response = client.get("/login/otp/?next=/")
    assert response["Location"] == "/login/otp/setup/?next=%2F"
    response = client.get("/login/otp/setup/?next=/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content
    assert "<script>" not in content
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # Reloading the page shows the same key: the device is not replaced.
    client.get("/login/otp/setup/")
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post("/login/otp/setup/", {"token": totp_token(device), "next": "/"})
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_enrolment_refuses_a_wrong_code(client: Client) -> None:
    user = UserFactory.create()
    _password_login(client, user)
    client.get("/login/otp/setup/")
    response = client.post("/login/otp/setup/", {"token": "12345x"})
    assert response.status_code == 200
    assert "Indtast de seks cifre" in response.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed


def test_a_user_with_a_device_cannot_enrol_another(client: Client) -> None:
    """With only a password, nobody can add their own authenticator to an enrolled account."""
    user = UserFactory.create()
    confirmed_totp_device(user)
    _password_login(client, user)
    response = client.get("/login/otp/setup/")
    assert response["Location"].startswith("/login/otp/?")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_next_is_never_an_outside_address(client: Client) -> None:
    user = UserFactory.create()
    device = confirmed_totp_device(user)
    _password_login(client, user)
    response = client.post(
        "/login/otp/", {"token": totp_token(device), "next": "https://angriber.example/"}
    )
    assert response["Location"] == "/"


def test_the_demo_skips_the_second_factor(client: Client, settings: Settings) -> None:
    settings.DEMO_MODE = True
    user = UserFactory.create()
    response = _password_login(client, user)
    assert response["Location"] == "/"
    response = client.get("/")
    assert response.status_code == 200
    assert "roret-demo-banner" in response.content.decode()


def test_five_wrong_passwords_lock_the_account(client: Client) -> None:
    user = UserFactory.create()
    for _ in range(4):
        response = _password_login(client, user, password="forkert-kodeord")
        assert response.status_code == 200
    response = _password_login(client, user, password="forkert-kodeord")
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode()
    # Even the right password is refused now.
    response = _password_login(client, user)
    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode()
    assert AccessAttempt.objects.get(username=user.username).failures_since_start >= 5


def test_a_successful_login_resets_the_failure_count(client: Client) -> None:
    user = UserFactory.create()
    confirmed_totp_device(user)
    for _ in range(4):
        _password_login(client, user, password="forkert-kodeord")
    assert _password_login(client, user).status_code == 302
    for _ in range(4):
        assert _password_login(Client(), user, password="forkert-kodeord").status_code == 200


def test_login_attempts_are_logged_without_passwords(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    user = UserFactory.create(username="lise.sagsbehandler")
    device = confirmed_totp_device(user)
    with caplog.at_level(logging.INFO, logger="roret.accounts.auth"):
        _password_login(client, user, password="forkert-kodeord")
        _password_login(client, user, username="ingen.saadan")
        _password_login(client, user)
        client.post("/login/otp/", {"token": totp_token(device)})
        client.post("/logout/")
    messages = [r.getMessage() for r in caplog.records if r.name == "roret.accounts.auth"]
    assert any("Password refused for lise.sagsbehandler" in m for m in messages)
    assert any("Password refused for <unknown account>" in m for m in messages)
    assert any("Password accepted for account lise.sagsbehandler" in m for m in messages)
    assert any("Two-factor code succeeded for account lise.sagsbehandler" in m for m in messages)
    assert any("logged out" in m for m in messages)
    assert not any("ingen.saadan" in m for m in messages)
    everything = "\n".join(r.getMessage() for r in caplog.records)
    assert DEFAULT_PASSWORD not in everything
    assert "forkert-kodeord" not in everything


def test_a_cpr_shaped_username_is_not_stored(client: Client) -> None:
    typed = "1" * 6 + "-" + "2" * 4
    client.post("/login/", {"username": typed, "password": "hvad-som-helst"})
    stored = AccessAttempt.objects.get()
    assert stored.username.startswith("redacted-")
    assert not re.search(r"\d{6}-?\d{4}", stored.username + stored.post_data)
    assert attempted_username(None, {"username": typed}) == stored.username


def test_logout_is_a_post(client: Client) -> None:
    user = UserFactory.create()
    login_staff(client, user)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response["Location"] == "/login/"
    assert client.get("/")["Location"] == "/login/?next=/"


def test_the_session_expires_after_inactivity(client: Client, settings: Settings) -> None:
    # The session is written when the expiry must move, not on every request.
    assert not settings.SESSION_SAVE_EVERY_REQUEST
    user = UserFactory.create()
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login_staff(client, user)
        key = client.session.session_key

        # Activity moves the expiry forward to a full idle period from now.
        clock.shift(datetime.timedelta(minutes=10))
        assert client.get("/").status_code == 200
        expires = Session.objects.get(session_key=key).expire_date
        assert expires == timezone.now() + idle

        # More requests within the same minute do not write the session again.
        clock.shift(datetime.timedelta(seconds=20))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        writes = [q["sql"] for q in queries if "django_session" in q["sql"]]
        assert not any(sql.lstrip().upper().startswith("UPDATE") for sql in writes), writes
        assert Session.objects.get(session_key=key).expire_date == expires

        # A request after the idle period without requests finds the session gone.
        clock.shift(idle + datetime.timedelta(minutes=1))
        assert client.get("/")["Location"] == "/login/?next=/"


def test_the_idle_period_is_thirty_minutes_by_default(settings: Settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE

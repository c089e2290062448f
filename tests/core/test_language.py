from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.django_db
def test_the_ui_is_danish_even_for_an_english_browser(client: Client) -> None:
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "da"
    assert '<html lang="da">' in response.content.decode()
    assert "Log ind" in response.content.decode()


@pytest.mark.django_db
def test_english_is_an_explicit_choice(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/login/")
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_danish(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/login/")["Content-Language"] == "da"


@pytest.mark.django_db
def test_the_language_switch_in_the_footer_changes_the_ui(client: Client) -> None:
    from tests.factories import UserFactory, login_staff

    login_staff(client, UserFactory.create())
    page = client.get("/").content.decode()
    assert 'name="language" value="en"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "My overview" in client.get("/").content.decode()

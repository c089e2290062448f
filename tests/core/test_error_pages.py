from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from tests.factories import UserFactory, login_staff


@pytest.mark.django_db
def test_not_found_is_a_danish_page(client: Client) -> None:
    login_staff(client, UserFactory.create())
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden blev ikke fundet" in response.content.decode()


@pytest.mark.django_db
def test_an_expired_form_says_so_in_danish(client: Client) -> None:
    csrf_client = Client(enforce_csrf_checks=True)
    login_staff(csrf_client, UserFactory.create())
    response = csrf_client.post("/borgere/", {"query": "Hansen"})
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.content.decode()


def test_the_server_error_page_renders_without_context() -> None:
    html = render_to_string("500.html", request=RequestFactory().get("/"))
    assert "Der opstod en fejl" in html

"""Money in the text: the kroner filter ends with the abbreviation's full stop ("kr."), so a
sentence must not end right after an amount, or it ends in "kr.."."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from roret.employment.models import FrikortCap
from roret.employment.templatetags.employment_tags import kroner
from tests.factories import UserFactory, login_staff

from .factories import jobcentre

TEMPLATES = Path(__file__).parents[2] / "src" / "roret"
BLOCK = re.compile(
    r"{%\s*blocktranslate\b(?P<args>.*?)%}(?P<body>.*?){%\s*endblocktranslate\s*%}", re.S
)
MONEY_ARGUMENT = re.compile(r"(\w+)=[\w.]+\|kroner\b")


def test_kroner_writes_danish_thousands_decimals_and_one_abbreviation() -> None:
    with translation.override("da"):
        assert kroner(Decimal("29516.46")) == "29.516,46 kr."
        assert kroner(Decimal("0")) == "0,00 kr."
        assert kroner(None) == "–"


def _money_sentences() -> list[tuple[str, str, str]]:
    """(template, msgid, money placeholder) for every translated text with an amount in it."""
    found = []
    for path in sorted(TEMPLATES.glob("*/templates/**/*.html")):
        for block in BLOCK.finditer(path.read_text()):
            # the msgid as makemessages writes it: {{ name }} becomes %(name)s
            msgid = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block["body"].replace("%", "%%"))
            for name in MONEY_ARGUMENT.findall(block["args"]):
                found.append((str(path.relative_to(TEMPLATES)), msgid, f"%({name})s"))
    return found


def test_no_text_puts_a_full_stop_right_after_an_amount() -> None:
    sentences = _money_sentences()
    assert sentences, "the scan should find the texts with amounts"
    with translation.override("da"):
        for template, msgid, placeholder in sentences:
            for text in (msgid, translation.gettext(msgid)):
                assert f"{placeholder}." not in text, f"{template}: {text!r} ends in 'kr..'"
    for path in TEMPLATES.glob("*/templates/**/*.html"):
        assert not re.search(r"\|kroner\s*}}\.", path.read_text()), path


@pytest.mark.django_db
def test_the_overview_says_the_years_amount_with_one_full_stop(client: Client) -> None:
    year = timezone.localdate().year
    FrikortCap.objects.update_or_create(year=year, defaults={"amount": Decimal("29516.46")})
    login_staff(client, UserFactory.create(roles=["caseworker"], departments=[jobcentre()]))
    html = client.get(reverse("employment:overview")).content.decode()
    assert f"29.516,46 kr. er det skattefri beløb for {year}." in html
    assert "kr.." not in html

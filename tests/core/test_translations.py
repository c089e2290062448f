"""The Danish catalogue is the product's UI language: it must be complete and compiled."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "roret"
CATALOGUES = sorted(SOURCE.glob("*/locale/da/LC_MESSAGES/django.po"))


def _entries(po_text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) per entry; msgstr is "" if any plural form is empty."""
    entries: list[tuple[str, str, bool]] = []
    msgid: list[str] | None = None
    msgctxt: list[str] | None = None
    msgstrs: list[str] = []
    fuzzy = False
    current: list[str] | None = None
    for line in [*po_text.splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            msgctxt = [line[9:-1]]
            current = msgctxt
        elif line.startswith("msgid "):
            msgid = [line[7:-1]]
            current = msgid
        elif line.startswith("msgid_plural "):
            current = None
        elif line.startswith(("msgstr ", "msgstr[")):
            msgstrs.append(line.split(" ", 1)[1][1:-1])
            current = None
        elif line.startswith('"'):
            if current is not None:
                current.append(line[1:-1])
            elif msgstrs:
                msgstrs[-1] += line[1:-1]
        elif not line.strip():
            if msgid is not None:
                translated = "" if not all(msgstrs) else "\n".join(msgstrs)
                # gettext's own key for a message with context: "context\x04msgid".
                key = "".join(msgid)
                if msgctxt is not None:
                    key = "".join(msgctxt) + "\x04" + key
                entries.append((key, translated, fuzzy))
            msgid, msgctxt, msgstrs, fuzzy, current = None, None, [], False, None
    return entries


def test_every_app_with_ui_text_has_a_danish_catalogue() -> None:
    apps_with_templates = {p.parts[-3] for p in SOURCE.glob("*/templates/*")}
    apps_with_catalogue = {p.parts[-5] for p in CATALOGUES}
    assert apps_with_templates <= apps_with_catalogue


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-5])
def test_danish_catalogue_is_complete(catalogue: Path) -> None:
    entries = _entries(catalogue.read_text(encoding="utf-8"))
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if msgid and (not msgstr or fuzzy)]
    assert untranslated == [], f"untranslated or fuzzy in {catalogue}: {untranslated}"
    header_msgstr, header_fuzzy = next((s, f) for i, s, f in entries if i == "")
    assert "charset=UTF-8" in header_msgstr
    assert not header_fuzzy, "a fuzzy header makes msgfmt drop the charset"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches_its_source(catalogue: Path, tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(catalogue)], check=True)  # noqa: S603, S607
    assert compiled.read_bytes() == catalogue.with_suffix(".mo").read_bytes(), (
        "run `make messages` and commit the .mo file"
    )


def test_one_msgid_means_the_same_in_every_catalogue() -> None:
    """Django merges the apps' catalogues into one, and the first app in INSTALLED_APPS wins:
    an English msgid translated differently in two apps shows one app's word on the other's
    page. Such words need a context (pgettext) or a msgid of their own."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for catalogue in CATALOGUES:
        app = catalogue.parts[-5]
        for msgid, msgstr, _fuzzy in _entries(catalogue.read_text(encoding="utf-8")):
            if not msgid or not msgstr:
                continue
            if msgid in seen and seen[msgid][1] != msgstr:
                clashes.append(f"{msgid!r}: {seen[msgid][0]}={seen[msgid][1]!r}, {app}={msgstr!r}")
            seen.setdefault(msgid, (app, msgstr))
    assert clashes == []

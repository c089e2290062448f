"""A choice's input written in Python is the input Django's option template writes."""

from __future__ import annotations

import re

from django import forms

from roret.core.templatetags.form_tags import option_input


class _Form(forms.Form):
    people = forms.MultipleChoiceField(
        choices=[(1, "Ane"), (2, "Bo & Co")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    answer = forms.ChoiceField(choices=[("", "–"), ("yes", "Ja")], widget=forms.RadioSelect)


def _attributes(html: str) -> set[str]:
    return set(re.findall(r'[\w-]+(?:="[^"]*")?', html.removeprefix("<input").rstrip(">")))


def test_option_input_writes_the_same_input_as_the_widget_template() -> None:
    form = _Form({"people": ["2"], "answer": "yes"})
    for name in ("people", "answer"):
        for option in form[name]:
            assert _attributes(option_input(option)) == _attributes(option.tag())
    assert "checked" in option_input(list(form["people"])[1])

"""Form helpers that give Django widgets the classes and ARIA wiring of DKFDS."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from roret.core.errors import StaleWriteError

# Browsers show their own date picker for type="date", which wants ISO dates.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def checkboxes(
    label: Any,
    model: type[models.Model],
    *,
    field: type[forms.ModelMultipleChoiceField] = forms.ModelMultipleChoiceField,
) -> forms.ModelMultipleChoiceField:
    """An optional choice of several rows as checkboxes; the form's ``__init__`` gives the
    rows to choose from."""
    return field(
        label=label,
        queryset=model._default_manager.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def search_field(*, label: Any, help_text: Any) -> forms.CharField:
    """The citizen search's input: a name or a CPR number, posted, never in a URL, and not
    kept by the browser's autocomplete."""
    return forms.CharField(
        label=label,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
        help_text=help_text,
    )


def clean_period(
    form: forms.BaseForm,
    data: dict[str, Any],
    *,
    start: str = "start",
    end: str = "end",
    longest: datetime.timedelta | None = None,
) -> dict[str, Any]:
    """A filter form's period: the end not before the start, and at most ``longest``."""
    first, last = data.get(start), data.get(end)
    if first and last:
        if last < first:
            form.add_error(end, _("The end cannot be before the start."))
        elif longest is not None and last - first > longest:
            form.add_error(end, _("Choose a shorter period."))
    return data


_INPUT_CLASS = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    # Before RadioSelect, which Django's CheckboxSelectMultiple subclasses.
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.Textarea: "form-input",
}


class DesignSystemFormMixin:
    """Adds DKFDS classes, and links hints and errors to inputs for screen readers."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next(
                (cls for kind, cls in _INPUT_CLASS.items() if isinstance(widget, kind)),
                "form-input",
            )
            widget.attrs["class"] = " ".join(filter(None, [widget.attrs.get("class"), css]))
            auto_id = self[name].auto_id  # type: ignore[index]
            if field.help_text and auto_id:
                widget.attrs["aria-describedby"] = f"{auto_id}_hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "_errors", {}) or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                auto_id = self[name].auto_id  # type: ignore[index]
                widget.attrs["aria-invalid"] = "true"
                described = [widget.attrs.get("aria-describedby", ""), f"{auto_id}_error"]
                widget.attrs["aria-describedby"] = " ".join(filter(None, described))


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it,
    otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# --- The one form-view helper -------------------------------------------------------------

VERSION_FIELD = "_version"
READ_FIELD = "_read"
_READ_SALT = "roret.core.forms.read"


def _shown(value: Any) -> str:
    """A value as the conflict table shows it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j. F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j. F Y")
    if hasattr(value, "all") and callable(value.all):
        return ", ".join(str(item) for item in value.all()) or "–"
    return str(value)


def _value_of(obj: models.Model, name: str) -> str:
    display = getattr(obj, f"get_{name}_display", None)
    if callable(display):
        return _shown(display())
    return _shown(getattr(obj, name, None))


@dataclass(frozen=True)
class Change:
    label: str
    then: str
    now: str


@dataclass(frozen=True)
class Conflict:
    """What a colleague changed while the user had the form open."""

    changes: list[Change]
    changed_by: str
    changed_at: datetime.datetime | None
    message: str


class WriteToken:
    """The version a form was read at, and the values it showed (signed), carried in two
    hidden fields so that a stale save can be refused and the user shown what changed."""

    def __init__(self, obj: models.Model, names: Iterable[str]) -> None:
        self.names = [name for name in names if hasattr(obj, name)]
        self.version: int | None = getattr(obj, "version", None)
        self.read = signing.dumps(
            {name: _value_of(obj, name) for name in self.names}, salt=_READ_SALT, compress=True
        )

    @staticmethod
    def posted_version(request: HttpRequest) -> int | None:
        raw = request.POST.get(VERSION_FIELD, "")
        return int(raw) if raw.isdigit() else None

    @staticmethod
    def posted_read(request: HttpRequest) -> dict[str, str]:
        try:
            values = signing.loads(request.POST.get(READ_FIELD, ""), salt=_READ_SALT)
        except signing.BadSignature:
            return {}
        return values if isinstance(values, dict) else {}


def conflict_of(
    error: StaleWriteError, *, read: dict[str, str], labels: dict[str, str]
) -> Conflict:
    current = error.current
    changes = [
        Change(label=labels.get(name, name), then=then, now=_value_of(current, name))
        for name, then in read.items()
        if _value_of(current, name) != then
    ]
    return Conflict(
        changes=changes,
        changed_by=error.changed_by,
        changed_at=error.changed_at,
        message=" ".join(str(m) for m in error.messages),
    )


T = TypeVar("T")


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any], int | None], T],
    success_url: str | Callable[[T], str],
    message: Any,
    context: dict[str, Any],
    template: str = "core/form_page.html",
    editing: models.Model | None = None,
) -> HttpResponse:
    """The one way a page with a form works.

    A valid POST calls ``save(cleaned_data, version)`` — the service, which checks, writes
    and logs — then shows ``message`` and redirects. A ``ValidationError`` becomes the form's
    errors and nothing is saved; a stale write (``StaleWriteError``) also shows what changed
    and takes the new version, so saving again applies the user's change over the current
    row. ``editing`` is the row the form edits, whose version the form carries."""
    version = WriteToken.posted_version(request) if request.method == "POST" else None
    conflict: Conflict | None = None
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data, version)
        except StaleWriteError as exc:
            labels = {name: str(field.label or name) for name, field in form.fields.items()}
            conflict = conflict_of(exc, read=WriteToken.posted_read(request), labels=labels)
            form.add_error(None, conflict.message)
            editing = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, str(message))
            return redirect(success_url(result) if callable(success_url) else success_url)
    token = WriteToken(editing, form.fields) if editing is not None else None
    return TemplateResponse(
        request, template, {**context, "form": form, "write_token": token, "conflict": conflict}
    )


def post_action(
    request: HttpRequest,
    *,
    action: Callable[[int | None], object],
    done: Any,
    redirect_to: str,
) -> HttpResponse:
    """A button that changes one thing (take into assessment, revoke a consent, record a
    follow-up): ``action(version)`` is the service; its refusal reasons become messages,
    a stale write says who changed what since the page was read."""
    try:
        action(WriteToken.posted_version(request))
    except StaleWriteError as exc:
        by = f" ({exc.changed_by})" if exc.changed_by else ""
        messages.error(request, " ".join(str(m) for m in exc.messages) + by)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, str(done))
    return redirect(redirect_to)

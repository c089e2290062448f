"""Journal and calendar pages. Thin: parse the form, call one selector or service, render."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core.forms import add_service_errors
from roret.journal import selectors, services
from roret.journal.forms import AppointmentForm, NoteCorrectionForm, NoteForm
from roret.journal.rules import can_write_journal
from roret.people.legacy import citizen_for
from roret.people.models import Citizen

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
def citizen_timeline(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    user = _user(request)
    timeline = selectors.citizen_timeline(user=user, citizen_id=citizen_pk)
    return TemplateResponse(
        request,
        "journal/timeline.html",
        {
            "timeline": timeline,
            "citizen": timeline.citizen,
            "can_write": can_write_journal.test(user),
            "user_department_ids": user.department_ids,
        },
    )


def _form_citizen(user: User, citizen_pk: int, purpose: StrOrPromise) -> Citizen:
    return citizen_for(user, citizen_pk, action=AccessLogEntry.Action.VIEW, purpose=purpose)


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    user = _user(request)
    if not can_write_journal.test(user):
        raise PermissionDenied
    form = NoteForm(request.POST or None, citizen_id=citizen_pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(actor=user, citizen_id=citizen_pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect("journal:citizen_timeline", citizen_pk=citizen_pk)
    citizen = _form_citizen(user, citizen_pk, gettext_lazy("Writing a journal note"))
    return TemplateResponse(
        request,
        "journal/form.html",
        {"form": form, "citizen": citizen, "title": _("New note")},
    )


@require_http_methods(["GET", "POST"])
def note_correct(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not can_write_journal.test(user):
        raise PermissionDenied
    form = NoteCorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_correct(actor=user, note_id=pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The correction has been saved. The earlier version is kept.")
            )
            return redirect("journal:citizen_timeline", citizen_pk=note.citizen_id)
    original = selectors.note_for_correction(user=user, note_id=pk)
    if request.method == "GET":
        form = NoteCorrectionForm(
            initial={"text": original.text, "visibility": original.visibility}
        )
    return TemplateResponse(
        request,
        "journal/form.html",
        {
            "form": form,
            "citizen": original.citizen,
            "original": original,
            "title": _("Correct note"),
        },
    )


@require_http_methods(["GET", "POST"])
def appointment_add(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    user = _user(request)
    if not can_write_journal.test(user):
        raise PermissionDenied
    form = AppointmentForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_add(actor=user, citizen_id=citizen_pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been booked."))
            return redirect("journal:citizen_timeline", citizen_pk=citizen_pk)
    citizen = _form_citizen(user, citizen_pk, gettext_lazy("Booking a meeting"))
    return TemplateResponse(
        request,
        "journal/form.html",
        {"form": form, "citizen": citizen, "title": _("New meeting")},
    )


def _week_day(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    week = selectors.calendar_week(user=_user(request), day=_week_day(request.GET.get("uge")))
    return TemplateResponse(request, "journal/calendar.html", {"week": week})


@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Create (or replace) and revoke the personal feed. The URL is shown once, right after
    it is made: only its hash is stored."""
    user = _user(request)
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(actor=user)
            messages.success(request, _("The calendar feed has been revoked."))
            return redirect("journal:calendar_feed")
        token = services.calendar_feed_create(actor=user)
        feed_url = request.build_absolute_uri(reverse("journal:ical_feed", args=[token]))
    return TemplateResponse(
        request,
        "journal/calendar_feed.html",
        {"feed_url": feed_url, "has_feed": selectors.has_calendar_feed(user=user)},
    )


@login_not_required
@never_cache
@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public (a calendar client cannot log in): only times and a neutral title, never a
    citizen's name, CPR, place or subject."""
    appointments = selectors.feed_appointments(token=token)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Roret//Kalender//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Roret meetings"))
    stamp = timezone.now()
    for appointment in appointments:
        event = icalendar.Event()
        event.add("uid", f"roret-appointment-{appointment.pk}@roret")
        event.add("dtstamp", stamp)
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.ends_at)
        event.add(
            "summary",
            _("Online meeting (Roret)") if appointment.is_online else _("Meeting (Roret)"),
        )
        calendar.add_component(event)
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")

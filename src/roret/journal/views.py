"""Journal and calendar pages. Thin: parse the form, call one selector or service, render."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import icalendar
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from roret.accounts.http import AuthenticatedRequest
from roret.core.forms import form_page
from roret.core.routing import route
from roret.journal import selectors, services
from roret.journal.forms import AppointmentForm, NoteCorrectionForm, NoteForm
from roret.journal.models import Appointment, Note
from roret.journal.rules import can_read_journal, can_write_journal
from roret.people.gate import (
    CitizenRequest,
    ObjectRef,
    citizen_route,
    for_citizen,
    form_route,
    not_citizen_data,
    read_object,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from roret.people.gate import FormCall, View


_NOTE = ObjectRef(Note, scope=selectors.notes_correctable_by)
_APPOINTMENT = ObjectRef(Appointment, scope=selectors.appointments_editable_by)


@route("borger/<int:citizen_pk>/")
@require_GET
@citizen_route(
    purpose=gettext_lazy("The citizen's journal"),
    predicate=can_read_journal,
    citizen="citizen_pk",
)
def citizen_timeline(request: CitizenRequest, citizen_pk: int) -> HttpResponse:
    user = request.user
    timeline = selectors.citizen_timeline(access=request.citizen_access)
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


def _context(request: CitizenRequest, title: StrOrPromise) -> dict[str, Any]:
    citizen = request.citizen_access.citizen
    return {
        "citizen": citizen,
        "title": title,
        "back_url": _timeline_url(citizen.pk),
        "back_label": _("Back to the journal"),
    }


def _timeline_url(citizen_id: int) -> str:
    return reverse("journal:citizen_timeline", args=[citizen_id])


def _citizen_form(
    *,
    purpose: StrOrPromise,
    title: StrOrPromise,
    form: Callable[[FormCall], forms.BaseForm],
    service: Callable[..., object],
    message: StrOrPromise,
) -> View:
    """A new row in the citizen's journal (a note, a meeting), back to the journal."""
    return form_route(
        purpose=purpose,
        predicate=can_write_journal,
        citizen="citizen_pk",
        form=form,
        save=for_citizen(service),
        success_url=lambda call, _result: _timeline_url(call.access.citizen_id),
        message=message,
        context=lambda call: _context(call.request, title),
        template="journal/form.html",
    )


note_add = route("borger/<int:citizen_pk>/notater/ny/")(
    _citizen_form(
        purpose=gettext_lazy("Writing a journal note"),
        title=gettext_lazy("New note"),
        form=lambda call: NoteForm(call.data, citizen_id=call.access.citizen_id),
        service=services.note_add,
        message=gettext_lazy("The note has been saved."),
    )
)
appointment_add = route("borger/<int:citizen_pk>/moeder/ny/")(
    _citizen_form(
        purpose=gettext_lazy("Booking a meeting"),
        title=gettext_lazy("New meeting"),
        form=lambda call: AppointmentForm(call.data, user=call.user),
        service=services.appointment_add,
        message=gettext_lazy("The meeting has been booked."),
    )
)


@route("notater/<int:pk>/ret/")
@require_http_methods(["GET", "POST"])
@citizen_route(
    purpose=gettext_lazy("Correcting a journal note"),
    predicate=can_write_journal,
    obj=_NOTE,
)
def note_correct(request: CitizenRequest, pk: int) -> HttpResponse:
    original = selectors.note_for_correction(access=request.citizen_access, note_id=pk)
    if original is None:
        messages.error(request, _("This version has already been corrected. Correct the latest."))
        return redirect("journal:citizen_timeline", citizen_pk=request.citizen_access.citizen_id)
    form = NoteCorrectionForm(
        request.POST or None,
        initial={"text": original.text, "visibility": original.visibility},
    )
    return form_page(
        request,
        form=form,
        save=lambda data, _version: services.note_correct(actor=request.user, note_id=pk, **data),
        success_url=lambda note: _timeline_url(note.citizen_id),
        message=_("The correction has been saved. The earlier version is kept."),
        context={**_context(request, _("Correct note")), "original": original},
        template="journal/form.html",
    )


appointment_edit = route("moeder/<int:pk>/ret/")(
    form_route(
        purpose=gettext_lazy("Changing a meeting"),
        predicate=can_write_journal,
        obj=_APPOINTMENT,
        page=read_object(selectors.appointment_for_edit, "appointment_id"),
        form=lambda call: AppointmentForm(call.data, user=call.user, appointment=call.page),
        save=lambda call, data, version: services.appointment_edit(
            actor=call.user, appointment_id=call.kwargs["pk"], version=version, **data
        ),
        success_url=lambda call, _result: _timeline_url(call.access.citizen_id),
        message=gettext_lazy("The meeting has been changed."),
        context=lambda call: _context(call.request, gettext_lazy("Change the meeting")),
        template="journal/form.html",
        editing=lambda call: call.page,
    )
)


def _week_day(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@route("kalender/")
@require_GET
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    week = selectors.calendar_week(user=request.user, day=_week_day(request.GET.get("uge")))
    return TemplateResponse(request, "journal/calendar.html", {"week": week})


@route("kalender/feed/")
@require_http_methods(["GET", "POST"])
def calendar_feed(request: AuthenticatedRequest) -> HttpResponse:
    """Create (or replace) and revoke the personal feed. The URL is shown once, right after
    it is made: only its hash is stored."""
    user = request.user
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


@route("ical/<str:token>.ics")
@login_not_required
@never_cache
@require_GET
@not_citizen_data
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public (a calendar client cannot log in): only times and a neutral title, never a
    citizen's name, CPR, place or subject; the token names a feed, not a citizen."""
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

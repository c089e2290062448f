"""Phase: journal notes and meetings for the citizens with a plan. Notes are written by the
plan's coordinator's department, a few shared with the citizen and a few corrected (the
earlier version kept); meetings spread over the weeks around today, so every coordinator's
calendar has something in it.

Then ten years of journal history (``Size.history_notes``; about five million notes at L):
older notes by staff of the departments linked to the citizen, dated over the decade, so
that the tables the citizen pages read have a large municipality's volume."""

from __future__ import annotations

import datetime

from django.utils import timezone

from roret.journal.models import Appointment, Note
from roret.plans.models import Plan
from roret.seed.bulk import BATCH, Row, insert, references_trusted
from roret.seed.context import SeedContext, StaffRecord, chunked

HISTORY_YEARS = 10

NOTES = [
    "Samtale om boligsituationen. Borgeren er motiveret.",
    "Hjemmebesøg. Borgeren havde ryddet op og lavet mad.",
    "Borgeren mødte ikke op. Ringet op, ny tid aftalt.",
    "Fulgt borgeren til lægen. Medicin justeret.",
    "Gennemgået post og regninger sammen med borgeren.",
    "Borgeren fortæller, at kontakten til familien går bedre.",
]
PLACES = ["Borgerservice", "Hjemme hos borgeren", "Værested Skovparken", "Jobcenteret"]


def seed_journal(ctx: SeedContext) -> None:
    plans = list(
        Plan.objects.filter(is_current=True)
        .values_list("pk", "citizen_id", "coordinator_id", "department_id")
        .order_by("pk")
    )
    with ctx.progress(len(plans), "Journal", unit="plans") as bar:
        for batch in chunked(plans, BATCH // 2):
            _write(ctx, batch)
            bar.update(len(batch))
    _write_history(ctx)


def _write_history(ctx: SeedContext) -> None:
    total = ctx.scaled(ctx.size.history_notes)
    staff_by_department: dict[int, list[StaffRecord]] = {}
    for member in ctx.staff:
        for department_id in member.department_ids:
            staff_by_department.setdefault(department_id, []).append(member)
    # Citizens some department with staff is linked to: only they have a journal.
    writers = [
        (citizen_id, [d for d in departments if d in staff_by_department])
        for citizen_id, departments in sorted(ctx.linked_departments.items())
    ]
    writers = [(citizen_id, departments) for citizen_id, departments in writers if departments]
    if not writers or total <= 0:
        return
    rng = ctx.rng
    end = timezone.now()
    span = HISTORY_YEARS * 365 * 24 * 3600
    start = end - datetime.timedelta(seconds=span)
    with ctx.progress(total, "Journalhistorik", unit="notes") as bar, references_trusted():
        written = 0
        while written < total:
            count = min(BATCH * 10, total - written)
            rows: list[Row] = []
            for _ in range(count):
                citizen_id, departments = rng.choice(writers)
                department_id = rng.choice(departments)
                author = rng.choice(staff_by_department[department_id])
                rows.append(
                    {
                        "citizen_id": citizen_id,
                        "visibility": "shared" if rng.random() < 0.2 else "internal",
                        "text": rng.choice(NOTES),
                        "author_id": author.pk,
                        "author_department_id": department_id,
                        "created_at": start + datetime.timedelta(seconds=rng.random() * span),
                    }
                )
            insert(Note, rows)
            written += count
            bar.update(count)
    ctx.created["journal.Note"] += total


def _write(ctx: SeedContext, plans: list[tuple[int, int, int, int]]) -> None:
    rng = ctx.rng
    notes: list[Row] = []
    corrections: list[tuple[int, Row]] = []
    appointments: list[Row] = []
    for plan_id, citizen_id, coordinator_id, department_id in plans:
        for _ in range(rng.randint(1, 3)):
            notes.append(
                {
                    "citizen_id": citizen_id,
                    "visibility": "shared" if rng.random() < 0.2 else "internal",
                    "text": rng.choice(NOTES),
                    "author_id": coordinator_id,
                    "author_department_id": department_id,
                }
            )
        if rng.random() < 0.5:
            start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            start = start.replace(hour=rng.randint(9, 15)) + datetime.timedelta(
                days=rng.randint(-14, 21)
            )
            online = rng.random() < 0.15
            appointments.append(
                {
                    "citizen_id": citizen_id,
                    "plan_id": plan_id,
                    "title": "Opfølgning på planen",
                    "starts_at": start,
                    "ends_at": start + datetime.timedelta(hours=1),
                    "place": "" if online else rng.choice(PLACES),
                    "is_online": online,
                    "citizen_attends": True,
                    "department_id": department_id,
                    "created_by_id": coordinator_id,
                }
            )
    note_ids = insert(Note, notes, need_ids=True)
    for note_id, note in zip(note_ids, notes, strict=True):
        if rng.random() < 0.05:
            corrections.append((note_id, {**note, "text": note["text"] + " (rettet)"}))
    insert(Note, [{**row, "corrects_id": note_id} for note_id, row in corrections])
    ctx.created["journal.Note"] += len(notes) + len(corrections)
    appointment_ids = insert(Appointment, appointments, need_ids=True)
    insert(
        Appointment.staff.through,
        [
            {"appointment_id": pk, "user_id": row["created_by_id"]}
            for pk, row in zip(appointment_ids, appointments, strict=True)
        ],
    )
    ctx.created["journal.Appointment"] += len(appointments)

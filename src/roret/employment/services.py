"""Writes to employment. Each use case is keyword-only and runs on the one write path
(``roret.people.writes``): the role and need-to-know are decided first, the row a change
is about is locked, a form read at an older version is refused, and the write logs exactly
one access-log entry in its transaction; invalid input raises ValidationError (in Danish,
keyed by field) and writes nothing.

An active frikort or job shows in the citizen's plan as an intervention in the work life
area (``plans.services.intervention_mirror``), owned by the job centre: that intervention
also gives the job centre its need-to-know link. Ending the card or the job ends it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import F, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.employment.models import (
    Earning,
    EarningYear,
    Frikort,
    Job,
    latest_check_due,
    month_end,
    month_start,
)
from roret.employment.rules import can_manage_employment
from roret.organisation.models import Department
from roret.people.models import Citizen
from roret.people.writes import Rows, citizen_write
from roret.plans.models import Goal, Intervention
from roret.plans.services import intervention_mirror

if TYPE_CHECKING:
    pass

Action = AccessLogEntry.Action
Status = Intervention.Status


def _check_job_centre(department: Department) -> None:
    if department.kind != Department.Kind.JOBCENTRE:
        raise ValidationError({"department": _("Choose the job centre that follows this.")})


def _mirror_frikort(actor: User, citizen: Citizen, frikort: Frikort) -> None:
    today = timezone.localdate()
    if frikort.deactivated_on is not None:
        status = Status.ENDED
    else:
        status = Status.ACTIVE if frikort.decided_on <= today else Status.PLANNED
    with override("da"):
        description = str(gettext_lazy("Social frikort"))
    intervention_mirror(
        actor=actor,
        citizen=citizen,
        source_type=Frikort.LINK_SOURCE_TYPE,
        source_id=str(frikort.pk),
        description=description,
        starts_on=frikort.decided_on,
        status=status,
        department=frikort.department,
        life_area=Goal.LifeArea.WORK,
        ends_on=frikort.deactivated_on,
        end_reason=frikort.deactivation_reason,
    )


def _job_status(job: Job, today: datetime.date) -> str:
    if job.ends_on is not None and job.ends_on < today:
        return Status.ENDED
    return Status.ACTIVE if job.starts_on <= today else Status.PLANNED


def _mirror_job(
    actor: User, citizen: Citizen, job: Job, today: datetime.date | None = None
) -> None:
    with override("da"):
        description = f"{job.get_kind_display()}: {job.employer_name}"
        end_reason = str(gettext_lazy("The job has ended"))
    intervention_mirror(
        actor=actor,
        citizen=citizen,
        source_type=Job.LINK_SOURCE_TYPE,
        source_id=str(job.pk),
        description=description,
        starts_on=job.starts_on,
        status=_job_status(job, today or timezone.localdate()),
        department=job.department,
        life_area=Goal.LifeArea.WORK,
        ends_on=job.ends_on,
        end_reason=end_reason,
    )


def _not_in_future(day: datetime.date, field: str, message: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: message})


_FRIKORTS = Rows(lambda: Frikort.objects.select_related("department"), can_manage_employment)
_JOBS = Rows(lambda: Job.objects.select_related("department"), can_manage_employment)


def frikort_decide(
    *,
    actor: User,
    citizen_id: int,
    department: Department,
    decided_on: datetime.date,
    next_check_due: datetime.date | None = None,
) -> Frikort:
    """Record the decision; the next eligibility check defaults to the latest allowed date
    (the end of the following calendar year). The citizen's row is locked, so two decisions
    at the same moment cannot both find no active card."""
    active = ValidationError(
        _("The citizen already has an active frikort. Deactivate it before a new decision.")
    )
    try:
        with citizen_write(
            actor=actor,
            citizen_id=citizen_id,
            predicate=can_manage_employment,
            purpose=gettext_lazy("Deciding a social frikort"),
            lock=True,
        ) as write:
            citizen = write.citizen
            _check_job_centre(department)
            _not_in_future(
                decided_on, "decided_on", _("The decision cannot be dated in the future.")
            )
            if Frikort.objects.filter(citizen=citizen, deactivated_on__isnull=True).exists():
                raise active
            if Frikort.objects.filter(citizen=citizen, deactivated_on__gt=decided_on).exists():
                raise ValidationError(
                    {"decided_on": _("An earlier frikort was still active on that date.")}
                )
            frikort = Frikort(
                citizen=citizen,
                department=department,
                decided_on=decided_on,
                decided_by=actor,
                last_checked_on=decided_on,
                next_check_due=next_check_due or latest_check_due(decided_on),
            )
            write.save(frikort)
            _mirror_frikort(actor, citizen, frikort)
    except IntegrityError as exc:
        # The partial unique index (one active card per citizen) decides in the end.
        raise active from exc
    return frikort


def frikort_check(
    *,
    actor: User,
    frikort_id: int,
    checked_on: datetime.date,
    next_check_due: datetime.date | None = None,
    version: int | None = None,
) -> Frikort:
    """Record an eligibility check and when the next one is due."""
    with _FRIKORTS.write(
        actor, frikort_id, gettext_lazy("Recording a frikort eligibility check"), version
    ) as write:
        frikort = write.row
        if frikort.deactivated_on is not None:
            raise ValidationError(_("The frikort is deactivated."))
        _not_in_future(checked_on, "checked_on", _("The check cannot be dated in the future."))
        if checked_on < frikort.decided_on:
            raise ValidationError({"checked_on": _("The check cannot be before the decision.")})
        frikort.last_checked_on = checked_on
        frikort.next_check_due = next_check_due or latest_check_due(checked_on)
        write.save(frikort, update_fields=["last_checked_on", "next_check_due"])
    return frikort


def frikort_deactivate(
    *,
    actor: User,
    frikort_id: int,
    deactivated_on: datetime.date,
    reason: str,
    version: int | None = None,
) -> Frikort:
    """Deactivate the card. It is locked, so earnings registered at the same moment (which
    lock it too) are either in before the check for later earnings, or refused after it."""
    with _FRIKORTS.write(
        actor, frikort_id, gettext_lazy("Deactivating a social frikort"), version
    ) as write:
        frikort = write.row
        if frikort.deactivated_on is not None:
            raise ValidationError(_("The frikort is already deactivated."))
        _not_in_future(
            deactivated_on,
            "deactivated_on",
            _("The deactivation cannot be dated in the future."),
        )
        frikort.deactivated_on = deactivated_on
        frikort.deactivation_reason = reason.strip()
        write.save(frikort, update_fields=["deactivated_on", "deactivation_reason"])
        if frikort.earnings.filter(month__gte=deactivated_on).exists():
            raise ValidationError(
                {
                    "deactivated_on": _(
                        "Earnings are registered for a month after this date; the card cannot "
                        "be deactivated before them."
                    )
                }
            )
        _mirror_frikort(actor, write.citizen, frikort)
    return frikort


def job_add(
    *,
    actor: User,
    citizen_id: int,
    department: Department,
    kind: str,
    employer_name: str,
    employer_cvr: str,
    starts_on: datetime.date,
    hours_per_week: Decimal,
    ends_on: datetime.date | None = None,
) -> Job:
    """Register a job. Its hours per week are held to the limits of ``roret.core.limits``."""
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_manage_employment,
        purpose=gettext_lazy("Registering a job"),
    ) as write:
        _check_job_centre(department)
        job = Job(
            citizen=write.citizen,
            department=department,
            kind=kind,
            employer_name=employer_name.strip(),
            employer_cvr="".join(employer_cvr.split()),
            starts_on=starts_on,
            ends_on=ends_on,
            hours_per_week=hours_per_week,
            created_by=actor,
        )
        write.save(job)
        _mirror_job(actor, write.citizen, job)
    return job


def job_end(*, actor: User, job_id: int, ends_on: datetime.date, version: int | None = None) -> Job:
    """End the job on ``ends_on``. The job is locked and checked again on the locked row: of
    two colleagues ending it at once, the second finds it ended (or read at an old version)."""
    with _JOBS.write(actor, job_id, gettext_lazy("Ending a job"), version) as write:
        job = write.row
        if job.ends_on is not None and job.ends_on <= timezone.localdate():
            raise ValidationError(_("The job has already ended."))
        job.ends_on = ends_on
        write.save(job, update_fields=["ends_on"])
        if job.earnings.filter(month__gt=ends_on).exists():
            raise ValidationError(
                {"ends_on": _("Earnings are registered for a month after this date.")}
            )
        _mirror_job(actor, write.citizen, job)
    return job


def earning_register(
    *,
    actor: User,
    frikort_id: int,
    job_id: int,
    month: datetime.date,
    amount: Decimal,
) -> Earning:
    """Earnings from one employer in one month under the frikort. The card must have been
    active in the month, the job must be paid and running in it, and the month must not
    lie in the future. The card is locked while the earnings are checked and saved, so a
    deactivation at the same moment cannot slip in between."""
    month = month_start(month)
    duplicate = ValidationError(
        {"month": _("Earnings from this employer are already registered for that month.")}
    )
    try:
        with _FRIKORTS.write(
            actor,
            frikort_id,
            gettext_lazy("Registering earnings under the frikort"),
            action=Action.CREATE,
        ) as write:
            frikort = write.row
            _check_amount(amount)
            if month > month_start(timezone.localdate()):
                raise ValidationError(
                    {"month": _("Earnings cannot be registered for a future month.")}
                )
            if frikort.deactivated_on is not None and month >= frikort.deactivated_on:
                raise ValidationError(
                    {
                        "month": _(
                            "The frikort was deactivated on %(date)s: earnings after that "
                            "cannot be registered on it."
                        )
                        % {"date": frikort.deactivated_on.strftime("%d-%m-%Y")}
                    }
                )
            if month < month_start(frikort.decided_on):
                raise ValidationError(
                    {"month": _("The frikort had not been decided in that month.")}
                )
            job = Job.objects.filter(pk=job_id, citizen_id=frikort.citizen_id).first()
            if job is None:
                raise ValidationError({"job": _("Choose one of the citizen's jobs.")})
            if job.kind not in Job.PAID_KINDS:
                raise ValidationError({"job": _("Volunteer work gives no earnings.")})
            if job.starts_on > month_end(month) or (
                job.ends_on is not None and job.ends_on < month
            ):
                raise ValidationError({"month": _("The job did not run in that month.")})
            if Earning.objects.filter(job=job, month=month).exists():
                raise duplicate
            earning = Earning(
                frikort=frikort, job=job, month=month, amount=amount, registered_by=actor
            )
            write.save(earning)
            earning_year_add(citizen_id=frikort.citizen_id, year=month.year, amount=amount)
    except IntegrityError as exc:
        # Two registrations for the same job and month at once: the unique index decides.
        raise duplicate from exc
    return earning


def earning_year_add(*, citizen_id: int, year: int, amount: Decimal) -> None:
    """Add an earning to the citizen's kept total of the year, in the earning's transaction
    (``earning_register``, and tests that write earnings directly). The row is locked (or
    created) first, so two cards of one citizen registering at once both count."""
    kept, _created = EarningYear.objects.select_for_update().get_or_create(
        citizen_id=citizen_id, year=year, defaults={"total": Decimal("0.00")}
    )
    EarningYear.objects.filter(pk=kept.pk).update(total=F("total") + amount)


def earning_years_rebuild() -> int:
    """The kept year totals anew from the earnings, after a bulk load of earnings (the
    synthetic municipality's, inside its transaction); returns how many there are."""
    rows = (
        Earning.objects.annotate(year=ExtractYear("month"))
        .values("frikort__citizen_id", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    EarningYear.objects.all().delete()
    kept = EarningYear.objects.bulk_create(
        (
            EarningYear(citizen_id=row["frikort__citizen_id"], year=row["year"], total=row["total"])
            for row in rows.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )
    return len(kept)


def _check_amount(amount: Decimal) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError({"amount": _("Enter the amount in kroner and øre.")})
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than 0 kr.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("Enter the amount with at most two decimals (øre).")})


def job_mirrors_refresh(*, today: datetime.date | None = None) -> int:
    """Bring the status the plan shows for job interventions up to date with the calendar: a
    job whose start day has come shows as active, one whose end day has passed as ended. Run
    daily by the scheduler (``roret employment refresh``). Access does not wait for it: the
    job centre's need-to-know link carries the job's own dates from the moment it is written.

    The dates were set, and logged, by the caseworker's own write (``job_add``/``job_end``);
    this only carries them out, reads no citizen data for anyone and so logs nothing."""
    today = today or timezone.localdate()
    open_mirrors = Intervention.objects.filter(
        source_type=Job.LINK_SOURCE_TYPE,
        status__in=[Status.ACTIVE, Status.PLANNED],
    ).values_list("source_id", "status")
    status_of = {int(source_id): status for source_id, status in open_mirrors}
    due = (
        Job.objects.filter(pk__in=list(status_of)).filter(ends_on__lt=today)
        | Job.objects.filter(pk__in=list(status_of), starts_on__lte=today)
    ).select_related("department", "citizen", "created_by")
    changed = 0
    for job in due:
        if _job_status(job, today) == status_of[job.pk]:
            continue
        # The mirror writes the intervention and its link in one transaction of its own.
        _mirror_job(job.created_by, job.citizen, job, today)
        changed += 1
    return changed

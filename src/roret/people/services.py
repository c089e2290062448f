"""Writes of citizen data. Each use case checks permission, writes in one transaction and
logs exactly one access-log entry; invalid input raises ValidationError and writes nothing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.organisation.models import Department, Municipality, Partner, Team
from roret.people import cpr
from roret.people.access import citizen_for_write, citizens_visible_to, log_citizen_write
from roret.people.models import (
    Citizen,
    CitizenLink,
    Consent,
    Household,
    HouseholdMember,
    NetworkParty,
    ProblemArea,
    ProblemAreaType,
    Relation,
)
from roret.people.rules import can_register_citizens

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REGISTRATION_LINK = "people.registration"
Action = AccessLogEntry.Action


def _full_clean(instance: Model, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False)


def _validated_save(
    *,
    actor: User,
    citizen: Citizen,
    obj: Model,
    purpose: StrOrPromise,
    update_fields: list[str] | None = None,
    exclude: list[str] | None = None,
) -> None:
    """Validate, then save and log in one transaction: bad input writes nothing."""
    _full_clean(obj, exclude=exclude)
    with transaction.atomic():
        obj.save(update_fields=update_fields)
        log_citizen_write(
            actor=actor,
            citizen=citizen,
            action=Action.CREATE if update_fields is None else Action.UPDATE,
            purpose=purpose,
            obj=None if obj is citizen else obj,
        )


def citizen_create(
    *,
    actor: User,
    cpr_number: str,
    first_name: str,
    last_name: str,
    department: Department,
    address: str = "",
    postcode: str = "",
    city: str = "",
    phone: str = "",
    email: str = "",
    date_of_death: datetime.date | None = None,
    acting_municipality: Municipality | None = None,
    paying_municipality: Municipality | None = None,
) -> Citizen:
    """Register a citizen and link the registering department to them."""
    if not can_register_citizens.test(actor):
        raise PermissionDenied
    if department.pk not in actor.department_ids:
        raise ValidationError({"department": _("You can only register for your own department.")})
    try:
        facts = cpr.parse(cpr_number)
    except ValidationError as exc:
        raise ValidationError({"cpr_number": exc.messages}) from exc
    citizen = Citizen(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        address=address,
        postcode=postcode,
        city=city,
        phone=phone,
        email=email,
        date_of_death=date_of_death,
        acting_municipality=acting_municipality,
        paying_municipality=paying_municipality,
    )
    citizen.set_cpr(facts)
    _full_clean(citizen, exclude=["cpr_encrypted", "cpr_index"])
    duplicate = ValidationError(
        {"cpr_number": _("A citizen with this CPR number is already registered.")}
    )
    if Citizen.objects.filter(cpr_index=citizen.cpr_index).exists():
        raise duplicate
    try:
        with transaction.atomic():
            citizen.save()
            citizen_link_register(
                citizen=citizen,
                department=department,
                source_type=REGISTRATION_LINK,
                source_id=str(citizen.pk),
                starts_on=timezone.localdate(),
            )
            citizen.access_department_id = department.pk  # type: ignore[attr-defined]
            log_citizen_write(
                actor=actor,
                citizen=citizen,
                action=Action.CREATE,
                purpose=gettext_lazy("Registering a citizen"),
            )
    except IntegrityError as exc:
        # Two registrations of the same CPR at the same moment: the unique index decides.
        raise duplicate from exc
    return citizen


CITIZEN_EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "address",
    "postcode",
    "city",
    "phone",
    "email",
    "date_of_death",
    "acting_municipality",
    "paying_municipality",
)


def citizen_update(*, actor: User, citizen_id: int, **changes: object) -> Citizen:
    unknown = set(changes) - set(CITIZEN_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    purpose = gettext_lazy("Updating the citizen's basic data")
    citizen = citizen_for_write(actor, citizen_id, can_register_citizens, purpose)
    for field, value in changes.items():
        setattr(citizen, field, value.strip() if isinstance(value, str) else value)
    _validated_save(
        actor=actor,
        citizen=citizen,
        obj=citizen,
        purpose=purpose,
        update_fields=[*changes, "updated_at"],
        exclude=["cpr_encrypted", "cpr_index"],
    )
    return citizen


def problem_area_add(
    *,
    actor: User,
    citizen_id: int,
    type: ProblemAreaType,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> ProblemArea:
    purpose = gettext_lazy("Recording a problem area")
    citizen = citizen_for_write(actor, citizen_id, can_register_citizens, purpose)
    entry = ProblemArea(
        citizen=citizen,
        type=type,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
        recorded_by=actor,
    )
    _validated_save(actor=actor, citizen=citizen, obj=entry, purpose=purpose)
    return entry


def problem_area_end(
    *, actor: User, citizen_id: int, problem_area_id: int, ended_on: datetime.date
) -> ProblemArea:
    purpose = gettext_lazy("Ending a problem area")
    citizen = citizen_for_write(actor, citizen_id, can_register_citizens, purpose)
    entry = ProblemArea.objects.filter(citizen=citizen, pk=problem_area_id).first()
    if entry is None:
        raise Http404
    if entry.ended_on is not None:
        raise ValidationError(_("This problem area has already ended."))
    entry.ended_on = ended_on
    _validated_save(
        actor=actor, citizen=citizen, obj=entry, purpose=purpose, update_fields=["ended_on"]
    )
    return entry


def consent_add(
    *,
    actor: User,
    citizen_id: int,
    purpose_text: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    department: Department | None = None,
    partner: Partner | None = None,
) -> Consent:
    purpose = gettext_lazy("Recording a consent")
    citizen = citizen_for_write(actor, citizen_id, can_register_citizens, purpose)
    consent = Consent(
        citizen=citizen,
        department=department,
        partner=partner,
        purpose=purpose_text,
        valid_from=valid_from,
        valid_to=valid_to,
        recorded_by=actor,
    )
    _validated_save(actor=actor, citizen=citizen, obj=consent, purpose=purpose)
    return consent


def consent_revoke(*, actor: User, citizen_id: int, consent_id: int) -> Consent:
    """Revocation takes effect at once: visibility checks read ``revoked_at`` every time."""
    purpose = gettext_lazy("Revoking a consent")
    citizen = citizen_for_write(actor, citizen_id, can_register_citizens, purpose)
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(citizen=citizen, pk=consent_id).first()
        if consent is None:
            raise Http404
        if consent.revoked_at is not None:
            raise ValidationError(_("This consent has already been revoked."))
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.UPDATE, purpose=purpose, obj=consent
        )
    return consent


def network_party_add(
    *,
    actor: User,
    citizen_id: int,
    kind: str,
    name: str,
    role: str = "",
    department: Department | None = None,
    partner: Partner | None = None,
    phone: str = "",
    email: str = "",
) -> NetworkParty:
    purpose = gettext_lazy("Recording the citizen's network")
    citizen = citizen_for_write(actor, citizen_id, can_register_citizens, purpose)
    party = NetworkParty(
        citizen=citizen,
        kind=kind,
        name=name.strip(),
        role=role,
        department=department,
        partner=partner,
        phone=phone,
        email=email,
    )
    _validated_save(actor=actor, citizen=citizen, obj=party, purpose=purpose)
    return party


def relation_add(
    *,
    actor: User,
    citizen_id: int,
    relative_cpr: str,
    kind: str,
    same_household: bool = False,
) -> Relation:
    """Relate two registered citizens (both ways); optionally put them in one household."""
    purpose = gettext_lazy("Recording a relation")
    citizen = citizen_for_write(actor, citizen_id, can_register_citizens, purpose)
    try:
        facts = cpr.parse(relative_cpr)
    except ValidationError as exc:
        raise ValidationError({"relative_cpr": exc.messages}) from exc
    relative = citizens_visible_to(actor).filter(cpr_index=cpr.blind_index(facts.number)).first()
    if relative is None:
        raise ValidationError(
            {"relative_cpr": _("No citizen with this CPR number that you have access to.")}
        )
    if relative.pk == citizen.pk:
        raise ValidationError({"relative_cpr": _("A citizen cannot be related to themselves.")})
    if kind not in Relation.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of relation.")})
    if Relation.objects.filter(citizen=citizen, relative=relative).exists():
        raise ValidationError({"relative_cpr": _("The relation is already registered.")})
    with transaction.atomic():
        relation = Relation.objects.create(citizen=citizen, relative=relative, kind=kind)
        Relation.objects.create(
            citizen=relative, relative=citizen, kind=Relation.INVERSE[Relation.Kind(kind)]
        )
        if same_household:
            _join_household(citizen, relative, kind)
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=relation
        )
    return relation


def _join_household(citizen: Citizen, relative: Citizen, kind: str) -> None:
    membership = HouseholdMember.objects.filter(citizen=citizen, until__isnull=True).first()
    household = membership.household if membership else Household.objects.create()
    if membership is None:
        HouseholdMember.objects.create(household=household, citizen=citizen)
    role = HouseholdMember.Role.CHILD if kind == Relation.Kind.CHILD else HouseholdMember.Role.ADULT
    HouseholdMember.objects.get_or_create(
        household=household, citizen=relative, defaults={"role": role}
    )


def citizen_link_register(
    *,
    citizen: Citizen,
    department: Department,
    source_type: str,
    source_id: str,
    starts_on: datetime.date,
    team: Team | None = None,
) -> CitizenLink:
    """The one registration point for need-to-know links (cases, interventions, enrolments,
    outreach contacts). The calling service has already checked its own permission."""
    link, _created = CitizenLink.objects.update_or_create(
        source_type=source_type,
        source_id=source_id,
        department=department,
        defaults={"citizen": citizen, "team": team, "starts_on": starts_on, "ends_on": None},
    )
    return link


def citizen_link_end(*, source_type: str, source_id: str, ends_on: datetime.date) -> int:
    """End the links of a source (a case closed, an intervention ended); returns how many."""
    return CitizenLink.objects.filter(
        source_type=source_type, source_id=source_id, ends_on__isnull=True
    ).update(ends_on=ends_on)

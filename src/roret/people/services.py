"""Writes of citizen data. Each use case checks permission, writes in one transaction and
logs exactly one access-log entry; invalid input raises ValidationError and writes nothing."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core.limits import validate_limits
from roret.organisation.models import Department, Municipality, Partner, Team
from roret.people import cpr
from roret.people.access import citizens_visible_to
from roret.people.models import (
    CONSENT_LINK,
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
from roret.people.writes import Rows, citizen_write, registration_write

REGISTRATION_LINK = "people.registration"
Action = AccessLogEntry.Action


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
    citizen.full_clean(exclude=["cpr_encrypted", "cpr_index"], validate_unique=False)
    validate_limits(citizen)
    duplicate = ValidationError(
        {"cpr_number": _("A citizen with this CPR number is already registered.")}
    )
    if Citizen.objects.filter(cpr_index=citizen.cpr_index).exists():
        raise duplicate
    try:
        with registration_write(
            actor=actor,
            citizen=citizen,
            department_id=department.pk,
            purpose=gettext_lazy("Registering a citizen"),
        ):
            citizen.save()
            citizen_link_register(
                citizen=citizen,
                department=department,
                source_type=REGISTRATION_LINK,
                source_id=str(citizen.pk),
                starts_on=timezone.localdate(),
            )
    except IntegrityError as exc:
        # Two registrations of the same CPR at the same moment: the unique index decides.
        raise duplicate from exc
    return citizen


# The rows a registration changes: the citizen's basic data, problem areas and consents.
_CITIZENS = Rows(Citizen.objects.all, can_register_citizens, "pk")
_PROBLEM_AREAS = Rows(ProblemArea.objects.all, can_register_citizens)
_CONSENTS = Rows(Consent.objects.all, can_register_citizens)

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


def citizen_update(
    *, actor: User, citizen_id: int, version: int | None = None, **changes: object
) -> Citizen:
    """Save the citizen's basic data, unless someone saved them after ``version`` was read."""
    unknown = set(changes) - set(CITIZEN_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    purpose = gettext_lazy("Updating the citizen's basic data")
    with _CITIZENS.write(actor, citizen_id, purpose, version) as write:
        citizen = write.row
        for field, value in changes.items():
            setattr(citizen, field, value.strip() if isinstance(value, str) else value)
        write.save(citizen, update_fields=[*changes], exclude=["cpr_encrypted", "cpr_index"])
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
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_register_citizens,
        purpose=gettext_lazy("Recording a problem area"),
    ) as write:
        entry = ProblemArea(
            citizen=write.citizen,
            type=type,
            started_on=started_on,
            ended_on=ended_on,
            note=note,
            recorded_by=actor,
        )
        write.save(entry)
    return entry


def problem_area_end(
    *,
    actor: User,
    citizen_id: int,
    problem_area_id: int,
    ended_on: datetime.date,
    version: int | None = None,
) -> ProblemArea:
    purpose = gettext_lazy("Ending a problem area")
    with _PROBLEM_AREAS.write(
        actor, problem_area_id, purpose, version, citizen_id=citizen_id
    ) as write:
        entry = write.row
        if entry.ended_on is not None:
            raise ValidationError(_("This problem area has already ended."))
        entry.ended_on = ended_on
        write.save(entry, update_fields=["ended_on"])
    return entry


def _consent_link_dates(consent: Consent) -> tuple[datetime.date, datetime.date | None]:
    """A consent that names a department is a grant like any other link: valid from its
    first day to its last, and ended the day before its revocation, so that it gives no
    access from the moment it is revoked. A consent revoked after it had run out stays ended
    on its last day: the revocation never lengthens it."""
    ends_on = consent.valid_to
    if consent.revoked_at is not None:
        revoked = timezone.localdate(consent.revoked_at) - datetime.timedelta(days=1)
        ends_on = revoked if ends_on is None else min(ends_on, revoked)
    return consent.valid_from, ends_on


def consent_link_keep(consent: Consent) -> None:
    """Keep the consent's link as the consent says (for consent_add, consent_revoke and
    tests that make consents directly)."""
    department_id = consent.department_id
    if department_id is None:
        return
    starts_on, ends_on = _consent_link_dates(consent)
    CitizenLink.objects.update_or_create(
        source_type=CONSENT_LINK,
        source_id=str(consent.pk),
        department_id=department_id,
        defaults={
            "citizen_id": consent.citizen_id,
            "team": None,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )


def consent_links_backfill() -> int:
    """The links of consents written in bulk (the synthetic municipality), as
    ``consent_add`` and ``consent_revoke`` keep them; returns how many were added."""
    have = set(
        CitizenLink.objects.filter(source_type=CONSENT_LINK).values_list("source_id", flat=True)
    )
    links = []
    for consent in Consent.objects.filter(department__isnull=False).iterator(chunk_size=5000):
        if str(consent.pk) in have or consent.department_id is None:
            continue
        starts_on, ends_on = _consent_link_dates(consent)
        links.append(
            CitizenLink(
                citizen_id=consent.citizen_id,
                department_id=consent.department_id,
                source_type=CONSENT_LINK,
                source_id=str(consent.pk),
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    CitizenLink.objects.bulk_create(links, batch_size=5000)
    return len(links)


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
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_register_citizens,
        purpose=gettext_lazy("Recording a consent"),
    ) as write:
        consent = Consent(
            citizen=write.citizen,
            department=department,
            partner=partner,
            purpose=purpose_text,
            valid_from=valid_from,
            valid_to=valid_to,
            recorded_by=actor,
        )
        write.save(consent)
        consent_link_keep(consent)
    return consent


def consent_revoke(*, actor: User, citizen_id: int, consent_id: int) -> Consent:
    """Revocation takes effect at once: the consent's link ends before today."""
    purpose = gettext_lazy("Revoking a consent")
    with _CONSENTS.write(actor, consent_id, purpose, citizen_id=citizen_id) as write:
        consent = write.row
        if consent.revoked_at is not None:
            raise ValidationError(_("This consent has already been revoked."))
        consent.revoked_at = timezone.now()
        write.save(consent, update_fields=["revoked_at"])
        consent_link_keep(consent)
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
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_register_citizens,
        purpose=gettext_lazy("Recording the citizen's network"),
    ) as write:
        party = NetworkParty(
            citizen=write.citizen,
            kind=kind,
            name=name.strip(),
            role=role,
            department=department,
            partner=partner,
            phone=phone,
            email=email,
        )
        write.save(party)
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
    try:
        facts = cpr.parse(relative_cpr)
    except ValidationError as exc:
        raise ValidationError({"relative_cpr": exc.messages}) from exc
    if kind not in Relation.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of relation.")})
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_register_citizens,
        purpose=gettext_lazy("Recording a relation"),
    ) as write:
        citizen = write.access.citizen
        relative = (
            citizens_visible_to(actor).filter(cpr_index=cpr.blind_index(facts.number)).first()
        )
        if relative is None:
            raise ValidationError(
                {"relative_cpr": _("No citizen with this CPR number that you have access to.")}
            )
        if relative.pk == citizen.pk:
            raise ValidationError({"relative_cpr": _("A citizen cannot be related to themselves.")})
        if Relation.objects.filter(citizen=citizen, relative=relative).exists():
            raise ValidationError({"relative_cpr": _("The relation is already registered.")})
        relation = Relation.objects.create(citizen=citizen, relative=relative, kind=kind)
        Relation.objects.create(
            citizen=relative, relative=citizen, kind=Relation.INVERSE[Relation.Kind(kind)]
        )
        if same_household:
            _join_household(citizen, relative, kind)
        write.names(relation)
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
    ends_on: datetime.date | None = None,
) -> CitizenLink:
    """The one registration point for need-to-know links (cases, interventions, enrolments,
    outreach contacts). The calling service has already checked its own permission.

    A source whose dates are known ahead (a job from next month, a job that ends on a set day)
    registers them here, so the link is valid exactly on those days by the query itself."""
    link, _created = CitizenLink.objects.update_or_create(
        source_type=source_type,
        source_id=source_id,
        department=department,
        defaults={"citizen": citizen, "team": team, "starts_on": starts_on, "ends_on": ends_on},
    )
    return link


def citizen_link_end(*, source_type: str, source_id: str, ends_on: datetime.date) -> int:
    """End the links of a source (a case closed, an intervention ended); returns how many.
    A link already set to end later is brought forward; one that ended earlier is kept."""
    return CitizenLink.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=ends_on),
        source_type=source_type,
        source_id=source_id,
    ).update(ends_on=ends_on)

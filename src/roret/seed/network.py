"""Phase: the citizen's network (involved parties) and consents to share information.

Network parties come from the departments linked to the citizen, partners and relatives.
Consents go mostly to the Jobcenter and health; a few are time-limited and a few revoked,
so that revocation can be seen working in the demo.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from roret.organisation.models import Department, Partner
from roret.people.models import Consent, NetworkParty
from roret.people.services import consent_links_backfill
from roret.seed.bulk import BATCH, Row, insert
from roret.seed.context import CitizenRecord, SeedContext, StaffRecord, chunked, danish_phone
from roret.seed.problems import CRIME, HOMELESSNESS, MENTAL, NO_JOB, SUBSTANCE

K = Department.Kind
NK = NetworkParty.Kind

DEPARTMENT_ROLES: dict[str, str] = {
    K.SOCIAL_AUTHORITY: "Sagsbehandler",
    K.SOCIAL_PROVIDER: "Bostøttemedarbejder",
    K.JOBCENTRE: "Jobkonsulent",
    K.HEALTH: "Behandler",
    K.HOUSING: "Boliganviser",
    K.OTHER: "Kontaktperson",
}
PARTNER_ROLES: dict[str, str] = {
    Partner.Kind.HOUSING_ASSOCIATION: "Boligsocial medarbejder",
    Partner.Kind.VOLUNTEER: "Frivillig mentor",
    Partner.Kind.PROVIDER: "Kontaktperson i tilbuddet",
    Partner.Kind.OTHER: "Kontaktperson",
}
RELATIVE_ROLES = ["Mor", "Far", "Søster", "Bror", "Datter", "Søn", "Ven", "Veninde", "Nabo"]
DOCTORS = ["Lægehuset ved Torvet", "Lægerne på Havnen", "Lægehuset Bykilden", "Sydlægerne"]
NETWORK_KINDS: list[tuple[str, int]] = [
    (NK.STAFF, 30),
    (NK.DEPARTMENT, 15),
    (NK.PARTNER, 20),
    (NK.RELATIVE, 25),
    (NK.OTHER, 10),
]

# (department kind, purpose)
JOBCENTRE_PURPOSE = "Udveksling af oplysninger med Jobcentret om beskæftigelsesindsatsen"
HEALTH_PURPOSE = "Koordinering med rusmiddelbehandling og sygepleje"
HOUSING_PURPOSE = "Samarbejde med Boligafdelingen om at finde en bolig"
PARTNER_PURPOSE = "Samarbejde med boligforeningens boligsociale medarbejdere"


def seed_network_and_consents(ctx: SeedContext) -> None:
    staff_by_department: dict[int, list[StaffRecord]] = {}
    for member in ctx.staff:
        for department_id in member.department_ids:
            staff_by_department.setdefault(department_id, []).append(member)
    departments = {d.pk: d for d in ctx.departments.values()}
    authority = ctx.department(K.SOCIAL_AUTHORITY).pk
    recorders = [s.pk for s in staff_by_department.get(authority, [])]
    with ctx.progress(len(ctx.citizens), "Netværk og samtykker", unit="citizens") as bar:
        for batch in chunked(ctx.citizens, BATCH):
            parties: list[Row] = []
            consents: list[Row] = []
            for citizen in batch:
                linked = [departments[pk] for pk in ctx.linked_departments.get(citizen.pk, [])]
                parties.extend(_network(ctx, citizen, linked, staff_by_department))
                consents.extend(_consents(ctx, citizen, recorders))
            insert(NetworkParty, parties)
            insert(Consent, consents)
            ctx.created["people.NetworkParty"] += len(parties)
            ctx.created["people.Consent"] += len(consents)
            bar.update(len(batch))
    # Consents to a department give need-to-know through their links, as in the product.
    ctx.created["people.CitizenLink"] += consent_links_backfill()


def _network(
    ctx: SeedContext,
    citizen: CitizenRecord,
    linked: list[Department],
    staff_by_department: dict[int, list[StaffRecord]],
) -> list[Row]:
    rng = ctx.rng
    count = rng.choices([0, 1, 2, 3], [25, 35, 25, 15])[0]
    parties: list[Row] = []
    kinds = [k for k, _ in NETWORK_KINDS]
    weights = [w for _, w in NETWORK_KINDS]
    for _ in range(count):
        kind = rng.choices(kinds, weights)[0]
        party: dict[str, Any] = {
            "citizen_id": citizen.pk,
            "kind": kind,
            "is_active": rng.random() < 0.85,
        }
        if kind in (NK.STAFF, NK.DEPARTMENT):
            department = rng.choice(linked) if linked else ctx.department(K.SOCIAL_AUTHORITY)
            colleagues = staff_by_department.get(department.pk, [])
            party["department_id"] = department.pk
            party["role"] = DEPARTMENT_ROLES.get(department.kind, "Kontaktperson")
            if kind == NK.STAFF and colleagues:
                party["name"] = rng.choice(colleagues).name
            else:
                party["kind"], party["name"] = NK.DEPARTMENT, department.name
        elif kind == NK.PARTNER:
            partner = rng.choice(list(ctx.partners.values()))
            party["partner_id"] = partner.pk
            party["name"] = partner.name
            party["role"] = PARTNER_ROLES.get(partner.kind, "Kontaktperson")
        elif kind == NK.RELATIVE:
            female = rng.random() < 0.55
            party["name"] = ctx.faker.name_female() if female else ctx.faker.name_male()
            party["role"] = rng.choice(RELATIVE_ROLES)
            if rng.random() < 0.6:
                party["phone"] = danish_phone(rng)
        else:
            party["name"], party["role"] = _other_party(ctx, citizen)
        parties.append(party)
    return parties


def _other_party(ctx: SeedContext, citizen: CitizenRecord) -> tuple[str, str]:
    rng = ctx.rng
    if CRIME in citizen.problems and rng.random() < 0.5:
        return "Kriminalforsorgen", "Tilsynsførende"
    if MENTAL in citizen.problems and rng.random() < 0.5:
        return "Distriktspsykiatrien", "Kontaktperson"
    return rng.choice(DOCTORS), "Praktiserende læge"


def _consents(ctx: SeedContext, citizen: CitizenRecord, recorders: list[int]) -> list[Row]:
    rng = ctx.rng
    problems = set(citizen.problems)
    wishes: list[tuple[Department | Partner, str, float]] = [
        (ctx.department(K.JOBCENTRE), JOBCENTRE_PURPOSE, 0.45 if NO_JOB in problems else 0.1),
        (
            ctx.department(K.HEALTH),
            HEALTH_PURPOSE,
            0.35 if problems & {SUBSTANCE, MENTAL} else 0.04,
        ),
        (ctx.department(K.HOUSING), HOUSING_PURPOSE, 0.4 if HOMELESSNESS in problems else 0.0),
        (ctx.partners["housing_1"], PARTNER_PURPOSE, 0.15 if citizen.area_id else 0.0),
    ]
    last_day = citizen.date_of_death or ctx.today
    consents: list[Row] = []
    for recipient, purpose, chance in wishes:
        roll = rng.random()
        if roll >= chance:
            continue
        valid_from = ctx.date_between(citizen.registered_on, last_day)
        valid_to: datetime.date | None = None
        if rng.random() < 0.3:
            valid_to = valid_from + datetime.timedelta(days=rng.choice([365, 730]))
        revoked_at: datetime.datetime | None = None
        if rng.random() < 0.07 and valid_from < ctx.today:
            revoked_on = ctx.date_between(
                valid_from + datetime.timedelta(days=1), ctx.today - datetime.timedelta(days=1)
            )
            revoked_at = datetime.datetime.combine(
                min(revoked_on, ctx.today - datetime.timedelta(days=1)),
                datetime.time(rng.randint(8, 15), rng.randint(0, 59)),
                tzinfo=timezone.get_default_timezone(),
            )
        consents.append(
            {
                "citizen_id": citizen.pk,
                "department_id": recipient.pk if isinstance(recipient, Department) else None,
                "partner_id": recipient.pk if isinstance(recipient, Partner) else None,
                "purpose": purpose,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "revoked_at": revoked_at,
                "recorded_by_id": rng.choice(recorders) if recorders else None,
            }
        )
    return consents

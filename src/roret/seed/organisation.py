"""Phase: the municipality's own organisation, its housing areas and its partners.

Organisation rows are looked up by their natural keys (code, name) and created only when
missing, so seeding on top of an existing database (``--force``) reuses them.
"""

from __future__ import annotations

from roret.organisation.models import Area, Department, Municipality, Partner, Team
from roret.seed.context import SeedContext
from roret.seed.identifiers import new_cvr

# The acting municipality of the synthetic data: Svendborg (the DESIGN's M-size reference).
ACTING_MUNICIPALITY = ("479", "Svendborg")
# Municipalities that may pay for a citizen they placed here (betalingskommune).
OTHER_MUNICIPALITIES = [
    ("461", "Odense"),
    ("430", "Faaborg-Midtfyn"),
    ("450", "Nyborg"),
    ("482", "Langeland"),
    ("492", "Ærø"),
    ("101", "København"),
]

# Postcodes inside Svendborg Kommune, weighted roughly by population.
POSTCODES: list[tuple[str, str, int]] = [
    ("5700", "Svendborg", 70),
    ("5762", "Vester Skerninge", 4),
    ("5771", "Stenstrup", 4),
    ("5772", "Kværndrup", 4),
    ("5874", "Hesselager", 3),
    ("5881", "Skårup Fyn", 4),
    ("5882", "Vejstrup", 2),
    ("5883", "Oure", 2),
    ("5884", "Gudme", 3),
    ("5892", "Gudbjerg Sydfyn", 2),
]

HOUSING_AREAS = [
    "Skovparken",
    "Byparken",
    "Hømarken",
    "Nordbakken",
    "Søndergårdsparken",
    "Vestervang",
    "Engparken",
    "Solbakken",
    "Rosenhaven",
    "Møllemarken",
]

K = Department.Kind
DEPARTMENTS: list[tuple[str, str]] = [
    (K.SOCIAL_AUTHORITY, "Socialafdeling myndighed"),
    (K.SOCIAL_PROVIDER, "Socialafdeling udfører"),
    (K.JOBCENTRE, "Jobcenter"),
    (K.HEALTH, "Sundhed og Omsorg"),
    (K.HOUSING, "Boligafdeling"),
]

# (key, department kind, name, method). Outreach teams per housing area are added below.
TEAMS: list[tuple[str, str, str, str]] = [
    ("adults", K.SOCIAL_AUTHORITY, "Voksenteamet", ""),
    ("fast_track", K.SOCIAL_AUTHORITY, "Team grøn bølge", "Grøn bølge"),
    ("coordinators", K.SOCIAL_PROVIDER, "Koordinatorerne", "Koordinering i boligområderne"),
    ("m_act", K.SOCIAL_PROVIDER, "M-ACT-teamet", "M-ACT"),
    ("housing_support", K.SOCIAL_PROVIDER, "Bostøtteteamet", "Housing First"),
    ("cti", K.SOCIAL_PROVIDER, "CTI-teamet", "CTI"),
    ("jobcentre", K.JOBCENTRE, "Team udsatte ledige", ""),
    ("resource", K.JOBCENTRE, "Ressourceforløb og KLAP", ""),
    ("substance", K.HEALTH, "Rusmiddelcentret", ""),
    ("nursing", K.HEALTH, "Sygeplejen", ""),
    ("allocation", K.HOUSING, "Boliganvisningen", ""),
]

P = Partner.Kind
# (key, kind, name, contact, has CVR). Fictional organisations: synthetic data only.
PARTNERS: list[tuple[str, str, str, str, bool]] = [
    ("housing_1", P.HOUSING_ASSOCIATION, "Boligforeningen Fjordglimt", "Driftskontoret", True),
    ("housing_2", P.HOUSING_ASSOCIATION, "Almenbo Sydfyn", "Kundecentret", True),
    (
        "housing_3",
        P.HOUSING_ASSOCIATION,
        "Boligselskabet Skovly",
        "Boligsociale medarbejdere",
        True,
    ),
    ("volunteer_1", P.VOLUNTEER, "Frivilligcentret Roret", "Koordinator for besøgsvenner", False),
    ("volunteer_2", P.VOLUNTEER, "Foreningen Varmestuen Lygtemanden", "Daglig leder", False),
    ("volunteer_3", P.VOLUNTEER, "Mentornetværket Sydby", "Frivilligkoordinator", False),
    ("provider_1", P.PROVIDER, "Nordlys Socialfaglige Tjenester ApS", "Visitationen", True),
    ("provider_2", P.PROVIDER, "Bostøttehuset Kompasset ApS", "Faglig leder", True),
]


def area_team_key(area: Area) -> str:
    return f"outreach:{area.pk}"


def seed_organisation(ctx: SeedContext) -> None:
    steps = 2 + len(DEPARTMENTS) + len(HOUSING_AREAS) * 2 + len(TEAMS) + len(PARTNERS)
    with ctx.progress(steps, "Organisation") as bar:
        code, name = ACTING_MUNICIPALITY
        ctx.municipality = _municipality(ctx, code, name)
        ctx.other_municipalities = [_municipality(ctx, c, n) for c, n in OTHER_MUNICIPALITIES]
        bar.update(2)

        for kind, dept_name in DEPARTMENTS:
            department, made = Department.objects.get_or_create(
                name=dept_name, defaults={"kind": kind}
            )
            ctx.departments[kind] = department
            ctx.created["organisation.Department"] += int(made)
            bar.update()

        for area_name in HOUSING_AREAS:
            area, made = Area.objects.get_or_create(
                name=area_name, defaults={"kind": Area.Kind.HOUSING_AREA}
            )
            ctx.areas.append(area)
            ctx.created["organisation.Area"] += int(made)
            bar.update()

        for key, kind, team_name, method in TEAMS:
            ctx.teams[key] = _team(ctx, ctx.departments[kind], team_name, method, None)
            bar.update()
        for area in ctx.areas:
            ctx.teams[area_team_key(area)] = _team(
                ctx, ctx.departments[K.SOCIAL_PROVIDER], f"Opsøgende team {area.name}", "", area
            )
            bar.update()

        for key, kind, partner_name, contact, has_cvr in PARTNERS:
            # Drawn even when the partner exists, so the rest of the run does not depend on it.
            cvr = new_cvr(ctx.rng) if has_cvr else ""
            partner, made = Partner.objects.get_or_create(
                name=partner_name, kind=kind, defaults={"cvr": cvr, "contact": contact}
            )
            ctx.partners[key] = partner
            ctx.created["organisation.Partner"] += int(made)
            bar.update()


def _municipality(ctx: SeedContext, code: str, name: str) -> Municipality:
    # The reference list normally comes from a migration; this only fills a gap.
    municipality, made = Municipality.objects.get_or_create(code=code, defaults={"name": name})
    ctx.created["organisation.Municipality"] += int(made)
    return municipality


def _team(
    ctx: SeedContext, department: Department, name: str, method: str, area: Area | None
) -> Team:
    team, made = Team.objects.get_or_create(
        department=department, name=name, defaults={"method": method, "area": area}
    )
    ctx.created["organisation.Team"] += int(made)
    return team

"""Synthetic organisation data at county, city or province scale, for benchmarks.

Fictional names throughout; independent of the demo data (committee codes start with "SEED-").
Later apps add their own records through `settings.SEEDERS` (dotted paths, run in order after the
organisation; org cannot import them): each takes the SeedResult and the random generator and
bulk-creates its rows for the seeded committees.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from zhengxie.lib.crypto import search_hash
from zhengxie.lib.pinyin import initials

from . import names
from .models import (
    Committee,
    HandlingUnit,
    Member,
    Person,
    RoleAssignment,
    Sector,
    SpecialCommittee,
    Term,
    UnitContact,
)
from .roles import Role

BATCH = 1000
SEED_PASSWORD = "Seed-Bench-2026"


@dataclass(frozen=True)
class Scale:
    cities: int
    counties_per_city: int
    members: int
    units: int


SCALES = {
    "county": Scale(cities=0, counties_per_city=0, members=300, units=40),
    "city": Scale(cities=1, counties_per_city=10, members=3_000, units=200),
    # 1 province + 15 cities + 135 counties = 151 committees
    "province": Scale(cities=15, counties_per_city=9, members=30_000, units=1_500),
}


@dataclass
class SeedResult:
    scale: str
    committees: list[Committee] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    staff_usernames: list[str] = field(default_factory=list)


Seeder = Callable[[SeedResult, random.Random], None]


def prefix(scale: str) -> str:
    return f"SEED-{scale}"


def seed_exists(scale: str) -> bool:
    return Committee.objects.filter(code=prefix(scale)).exists()


def seed_org(scale: str) -> SeedResult:
    spec = SCALES[scale]
    rng = random.Random(f"zhengxie-{scale}")
    result = SeedResult(scale=scale)
    with transaction.atomic():
        _timed(result, "committees", lambda: _committees(result, spec))
        _timed(result, "structure", lambda: _structure(result))
        _timed(result, "handling units", lambda: _units(result, spec, rng))
        _timed(result, "members", lambda: _members(result, spec, rng))
        _timed(result, "staff accounts", lambda: _staff(result))
    for path in settings.SEEDERS:
        seeder: Seeder = import_string(path)
        _timed(result, path.split(".")[1], lambda s=seeder: s(result, rng))  # type: ignore[misc]
    _timed(result, "statistics", _analyze)
    return result


def _analyze() -> None:
    """Refresh PostgreSQL's planner statistics after the bulk load, as one does after loading
    data: autovacuum gets to it only minutes later, and until then the planner takes the new
    tables for empty and picks nested loops over thousands of rows (a benchmark run straight
    after the seed measured that, not the queries). SQLite keeps no statistics unless asked."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _timed(result: SeedResult, label: str, step: Callable[[], object]) -> None:
    start = time.perf_counter()
    step()
    result.timings[label] = time.perf_counter() - start


def _committees(result: SeedResult, spec: Scale) -> None:
    """county: one county; city: a city and its counties; province: a province, its cities and
    their counties."""
    code = prefix(result.scale)
    top_level = {"county": "county", "city": "city", "province": "province"}[result.scale]
    top = Committee.objects.create(name=f"模拟{result.scale}政协", level=top_level, code=code)
    if result.scale == "city":
        Committee.objects.bulk_create(
            Committee(name=f"模拟第{j}县政协", level="county", code=f"{code}-{j:02d}", parent=top)
            for j in range(1, spec.counties_per_city + 1)
        )
    elif result.scale == "province":
        Committee.objects.bulk_create(
            Committee(name=f"模拟第{i}市政协", level="city", code=f"{code}-{i:02d}", parent=top)
            for i in range(1, spec.cities + 1)
        )
        cities = list(Committee.objects.filter(parent=top).order_by("code"))
        Committee.objects.bulk_create(
            Committee(
                name=f"{city.name[:-3]}第{j}县政协", level="county", code=f"{city.code}{j:02d}", parent=city
            )
            for city in cities
            for j in range(1, spec.counties_per_city + 1)
        )
    children = list(Committee.objects.filter(code__startswith=f"{code}-").order_by("code"))
    result.committees = [top, *children]


def _structure(result: SeedResult) -> None:
    Term.objects.bulk_create(
        Term(committee=c, number=13, starts_on=date(2023, 1, 8)) for c in result.committees
    )
    Sector.objects.bulk_create(
        (
            Sector(committee=c, name=n, order=i)
            for c in result.committees
            for i, n in enumerate(names.SECTORS)
        ),
        batch_size=BATCH,
    )
    SpecialCommittee.objects.bulk_create(
        (
            SpecialCommittee(committee=c, name=n, order=i)
            for c in result.committees
            for i, n in enumerate(names.SPECIAL_COMMITTEES)
        ),
        batch_size=BATCH,
    )


def _share(total: int, committees: list[Committee]) -> list[tuple[Committee, int]]:
    """Spread `total` over the committees, the top committee and cities getting four times a
    county's share. Largest remainders, so the counts add up to `total` without any committee
    going short (rounding every share up used to leave the last county with none)."""
    weights = [4 if c.level in ("province", "city") else 1 for c in committees]
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return list(zip(committees, counts, strict=True))


def _units(result: SeedResult, spec: Scale, rng: random.Random) -> None:
    units = []
    for committee, count in _share(spec.units, result.committees):
        for i in range(count):
            name, kind = names.UNITS[i % len(names.UNITS)]
            units.append(
                HandlingUnit(
                    committee=committee, name=f"{name}{'' if i < len(names.UNITS) else i}", kind=kind
                )
            )
    HandlingUnit.objects.bulk_create(units, batch_size=BATCH)
    used: set[str] = set()
    contacts = (
        UnitContact(
            committee_id=u.committee_id, unit=u, name=names.person_name(rng), phone=names.phone(rng, used)
        )
        for u in HandlingUnit.objects.filter(committee__in=result.committees)
        .order_by("id")
        .only("id", "committee_id")
    )
    UnitContact.objects.bulk_create(contacts, batch_size=BATCH)


def _members(result: SeedResult, spec: Scale, rng: random.Random) -> None:
    used_phones: set[str] = set()
    used_ids: set[str] = set()
    # Each scale draws ID numbers from its own region codes, so seeds of several scales (and the
    # demo data) can share a database without colliding on the unique ID-number hash.
    region = {"county": 41, "city": 42, "province": 43}[result.scale]
    areas = tuple(f"{region}{code:04d}" for code in range(101, 141))
    sectors: dict[int, list[int]] = {}
    for sector_id, committee_id in (
        Sector.objects.filter(committee__in=result.committees)
        .order_by("id")
        .values_list("id", "committee_id")
    ):
        sectors.setdefault(committee_id, []).append(sector_id)
    specials: dict[int, list[int]] = {}
    for sc_id, committee_id in (
        SpecialCommittee.objects.filter(committee__in=result.committees)
        .order_by("id")
        .values_list("id", "committee_id")
    ):
        specials.setdefault(committee_id, []).append(sc_id)
    terms = dict(Term.objects.filter(committee__in=result.committees).values_list("committee_id", "id"))
    for committee, count in _share(spec.members, result.committees):
        people = []
        for _ in range(count):
            gender = "M" if rng.random() < 0.62 else "F"
            phone = names.phone(rng, used_phones)
            id_number = names.id_number(rng, gender, used_ids, areas)
            name = names.person_name(rng)
            people.append(
                Person(
                    name=name,
                    name_initials=initials(name),  # bulk_create skips Person.save
                    gender=gender,
                    ethnicity=rng.choice(names.ETHNICITIES),
                    affiliation=rng.choice(Person.Affiliation.values),
                    employer=rng.choice(names.EMPLOYERS),
                    job_title=rng.choice(names.TITLES),
                    phone=phone,
                    phone_hash=search_hash(phone),
                    id_number=id_number,
                    id_number_hash=search_hash(id_number),
                )
            )
        Person.objects.bulk_create(people, batch_size=BATCH)
        hashes = [p.id_number_hash for p in people]
        person_ids = list(
            Person.objects.filter(id_number_hash__in=hashes).order_by("id").values_list("id", flat=True)
        )
        Member.objects.bulk_create(
            (
                Member(
                    committee=committee,
                    person_id=pid,
                    sector_id=rng.choice(sectors[committee.pk]),
                    special_committee_id=rng.choice(specials[committee.pk]) if rng.random() < 0.8 else None,
                    is_standing=rng.random() < 0.1,
                )
                for pid in person_ids
            ),
            batch_size=BATCH,
        )
        Member.terms.through.objects.bulk_create(
            (
                Member.terms.through(member_id=mid, term_id=terms[committee.pk])
                for mid in Member.objects.filter(committee=committee)
                .order_by("id")
                .values_list("id", flat=True)
            ),
            batch_size=BATCH,
        )


def _staff(result: SeedResult) -> None:
    """One proposal-staff account per committee (for benchmarks), password hashed once."""
    user_model = get_user_model()
    password = make_password(SEED_PASSWORD)
    now = timezone.now()
    users = [
        user_model(
            username=f"seed_{c.code.lower()}",
            display_name=f"{c.name}提案干部",
            password=password,
            privacy_acknowledged_at=now,
            password_changed_at=now,
        )
        for c in result.committees
    ]
    user_model.objects.bulk_create(users, batch_size=BATCH)
    by_name = dict(
        user_model.objects.filter(username__in=[u.username for u in users]).values_list("username", "id")
    )
    RoleAssignment.objects.bulk_create(
        (
            RoleAssignment(user_id=by_name[f"seed_{c.code.lower()}"], committee=c, role=Role.PROPOSAL_STAFF)
            for c in result.committees
        ),
        batch_size=BATCH,
    )
    result.staff_usernames = [u.username for u in users]

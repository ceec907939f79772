"""The demo data set: a fictional province committee with one city and two counties under it,
about 300 members and 40 handling units, and one account per role. Demo mode only."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from zhengxie.audit.services import record
from zhengxie.lib.crypto import search_hash
from zhengxie.lib.pinyin import initials

from . import names, services
from .models import (
    Committee,
    HandlingUnit,
    Member,
    ParticipatingUnit,
    Person,
    Sector,
    Session,
    SpecialCommittee,
    Term,
    UnitContact,
)
from .roles import UNIT_ROLES, Role

DEMO_CODE = "DEMO"
DEMO_PASSWORD = "Zhengxie-demo-2026"

# username, display name, role, committee key
ACCOUNTS = (
    ("demo_member", None, Role.MEMBER, "city"),
    ("demo_proposal_staff", "赵提案", Role.PROPOSAL_STAFF, "city"),
    ("demo_info_staff", "钱信息", Role.INFO_STAFF, "city"),
    ("demo_supervision_staff", "孙督办", Role.SUPERVISION_STAFF, "city"),
    ("demo_activity_staff", "李活动", Role.ACTIVITY_STAFF, "city"),
    ("demo_unit", "周承办", Role.UNIT_CLERK, "city"),
    ("demo_unit_leader", "陈局长", Role.UNIT_LEADER, "city"),
    ("demo_leader", "吴主席", Role.LEADER, "city"),
    ("demo_sysadmin", "郑系统", Role.SYSADMIN, "city"),
    ("demo_secadmin", "王安全", Role.SECADMIN, "city"),
    ("demo_auditadmin", "冯审计", Role.AUDITADMIN, "city"),
    ("demo_county_member", None, Role.MEMBER, "county_a"),
    ("demo_county_info", "林县信息", Role.INFO_STAFF, "county_a"),
    ("demo_county_leader", "高县主席", Role.LEADER, "county_a"),
    ("demo_province_info", "何省信息", Role.INFO_STAFF, "province"),
    ("demo_province_leader", "严省主席", Role.LEADER, "province"),
)
# committee key -> number of members
MEMBER_COUNTS = {"province": 45, "city": 200, "county_a": 30, "county_b": 25}
SHARED_CITY_PROVINCE = 6  # persons who are members of the city and of the province


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: str
    committee: str


def demo_exists() -> bool:
    return Committee.objects.filter(code=DEMO_CODE).exists()


def demo_accounts() -> list[DemoAccount]:
    # Other apps' demo loaders add accounts of their own (e.g. a second unit's clerk): list every
    # demo account, the organisation's first in their order.
    users = (
        get_user_model()
        .objects.filter(username__startswith="demo_")
        .prefetch_related("role_assignments__committee")
    )
    order = [a[0] for a in ACCOUNTS]
    result = []
    for user in sorted(
        users, key=lambda u: (order.index(u.username) if u.username in order else len(order), u.username)
    ):
        for assignment in user.role_assignments.all():
            result.append(
                DemoAccount(
                    user.username, str(user), assignment.get_role_display(), assignment.committee.name
                )
            )
    return result


def load_demo() -> bool:
    """Create the demo data unless it exists; True when it was created now."""
    if demo_exists():
        return False
    rng = random.Random(2026)
    with transaction.atomic():
        committees = _committees()
        for key, committee in committees.items():
            _structure(committee, county=key.startswith("county"))
        _units(committees, rng)
        persons = _members(committees, rng)
        _accounts(committees, persons)
        # Other apps add their demo records (settings.DEMO_LOADERS; org cannot import them).
        for path in settings.DEMO_LOADERS:
            import_string(path)()
        record(
            action="demo.loaded",
            data={"members": Member.objects.filter(committee__code__startswith=DEMO_CODE).count()},
        )
    return True


def _committees() -> dict[str, Committee]:
    province = Committee.objects.create(
        name="江临省政协", short_name="省政协", level="province", code=DEMO_CODE
    )
    city = Committee.objects.create(
        name="青州市政协", short_name="市政协", level="city", code=f"{DEMO_CODE}-01", parent=province
    )
    county_a = Committee.objects.create(
        name="安平县政协", short_name="安平县政协", level="county", code=f"{DEMO_CODE}-0101", parent=city
    )
    county_b = Committee.objects.create(
        name="临河县政协", short_name="临河县政协", level="county", code=f"{DEMO_CODE}-0102", parent=city
    )
    return {"province": province, "city": city, "county_a": county_a, "county_b": county_b}


def _structure(committee: Committee, *, county: bool) -> None:
    term = Term.objects.create(
        committee=committee, number=13 if not county else 11, starts_on=date(2023, 1, 8)
    )
    for number, year in enumerate((2023, 2024, 2025, 2026), start=1):
        opens = date(year, 1, 8 + number)
        Session.objects.create(
            committee=committee,
            term=term,
            number=number,
            plenary_opens_on=opens,
            plenary_closes_on=opens.replace(day=opens.day + 4),
        )
    Sector.objects.bulk_create(
        Sector(committee=committee, name=name, order=i) for i, name in enumerate(names.SECTORS, start=1)
    )
    specials = names.SPECIAL_COMMITTEES[:6] if county else names.SPECIAL_COMMITTEES
    SpecialCommittee.objects.bulk_create(
        SpecialCommittee(committee=committee, name=name, order=i) for i, name in enumerate(specials, start=1)
    )
    by_name = {s.name: s for s in Sector.objects.filter(committee=committee)}
    ParticipatingUnit.objects.bulk_create(
        ParticipatingUnit(
            committee=committee, name=name, kind=kind, sector=by_name.get(names.PARTY_SECTORS[name])
        )
        for name, kind in names.PARTIES
    )


def _units(committees: dict[str, Committee], rng: random.Random) -> None:
    used_phones: set[str] = set()
    plan = [("city", "市", names.UNITS)] + [(k, "县", names.UNITS[:12]) for k in ("county_a", "county_b")]
    for key, prefix, units in plan:
        committee = committees[key]
        HandlingUnit.objects.bulk_create(
            HandlingUnit(committee=committee, name=prefix + name, kind=kind) for name, kind in units
        )
        UnitContact.objects.bulk_create(
            UnitContact(
                committee=committee,
                unit=unit,
                name=names.person_name(rng),
                job_title=rng.choice(("办公室主任", "综合科科长", "办公室副主任")),
                phone=names.phone(rng, used_phones),
            )
            for unit in HandlingUnit.objects.filter(committee=committee).order_by("id")
        )


def _members(committees: dict[str, Committee], rng: random.Random) -> dict[str, list[Person]]:
    """Members with valid, unique fictional phones and ID numbers, spread over sectors."""
    used_phones: set[str] = set()
    used_ids: set[str] = set()
    by_committee: dict[str, list[Person]] = {}
    for key, count in MEMBER_COUNTS.items():
        people = []
        for _ in range(count):
            gender = "M" if rng.random() < 0.62 else "F"
            phone = names.phone(rng, used_phones)
            id_number = names.id_number(rng, gender, used_ids)
            name = names.person_name(rng)
            people.append(
                Person(
                    name=name,
                    name_initials=initials(name),  # bulk_create skips Person.save
                    gender=gender,
                    ethnicity=rng.choice(names.ETHNICITIES),
                    affiliation=rng.choice(Person.Affiliation.values),
                    employer=committees[key].short_name.replace("政协", "") + rng.choice(names.EMPLOYERS),
                    job_title=rng.choice(names.TITLES),
                    phone=phone,
                    phone_hash=search_hash(phone),
                    id_number=id_number,
                    id_number_hash=search_hash(id_number),
                )
            )
        Person.objects.bulk_create(people)
        # bulk_create does not return ids on every backend: read them back by their unique hash.
        by_hash = {
            p.id_number_hash: p
            for p in Person.objects.filter(id_number_hash__in=[p.id_number_hash for p in people])
        }
        by_committee[key] = [by_hash[p.id_number_hash] for p in people]
    # A few city members also sit on the province committee.
    by_committee["province"] = by_committee["province"] + by_committee["city"][:SHARED_CITY_PROVINCE]
    for key, people in by_committee.items():
        committee = committees[key]
        sectors = list(Sector.objects.filter(committee=committee))
        specials = list(SpecialCommittee.objects.filter(committee=committee))
        Member.objects.bulk_create(
            Member(
                committee=committee,
                person=person,
                sector=rng.choice(sectors),
                special_committee=rng.choice(specials) if rng.random() < 0.8 else None,
                is_standing=rng.random() < 0.1,
            )
            for person in people
        )
        term = Term.objects.get(committee=committee)
        Member.terms.through.objects.bulk_create(
            Member.terms.through(member_id=member_id, term_id=term.pk)
            for member_id in Member.objects.filter(committee=committee).values_list("id", flat=True)
        )
    return by_committee


def _accounts(committees: dict[str, Committee], persons: dict[str, list[Person]]) -> None:
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: the same for every demo account
    member_person = {"city": persons["city"][SHARED_CITY_PROVINCE], "county_a": persons["county_a"][0]}
    unit = HandlingUnit.objects.get(committee=committees["city"], name="市住房和城乡建设局")
    for username, display_name, role, key in ACCOUNTS:
        person = member_person[key] if role == Role.MEMBER else None
        user = services.account_create(
            username=username,
            display_name=person.name if person else str(display_name),
            password=None,
            by=None,
            phone=person.phone if person else "",
            must_change_password=False,
        )
        get_user_model().objects.filter(pk=user.pk).update(
            password=password_hash, privacy_acknowledged_at=timezone.now()
        )
        services.role_grant(
            user=user,
            committee=committees[key],
            role=role,
            by=None,
            handling_unit=unit if role in UNIT_ROLES else None,
        )
        if person is not None:
            Person.objects.filter(pk=person.pk).update(user=user)

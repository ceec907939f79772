"""Named personas, one per role, in a small committee tree. Tests read as stories about them.

省政协 (province)
└── 市政协 (city)          ← every role has a persona here
    ├── 甲县政协 (county_a) ← 县委员 member_county
    └── 乙县政协 (county_b) ← 乙县提案干部 county_b_staff: must never see 甲县 or 市 data
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from zhengxie.accounts.models import User
from zhengxie.org import services
from zhengxie.org.models import Committee, HandlingUnit, Member, Sector, SpecialCommittee, Term
from zhengxie.org.roles import Role

PASSWORD = "Zx-test-Pass-2026"

# Valid 18-digit ID numbers (check digits correct) for tests.
ID_WANG = "11010519491231002X"
ID_LI = "440524188001010014"


@dataclass
class Personas:
    province: Committee
    city: Committee
    county_a: Committee
    county_b: Committee
    sector: Sector
    special: SpecialCommittee
    unit: HandlingUnit
    member_wang: User  # 王委员, city member, fills in his own data
    member_wang_record: Member
    member_county: User  # 李委员, member of 甲县
    proposal_staff: User
    info_staff: User
    supervision_staff: User
    activity_staff: User
    unit_clerk: User  # 住建局 clerk
    leader: User
    sysadmin: User
    secadmin: User
    auditadmin: User
    county_b_staff: User  # proposal staff of 乙县


def _user(
    username: str, name: str, committee: Committee, role: str, unit: HandlingUnit | None = None
) -> User:
    user = services.account_create(
        username=username, display_name=name, password=PASSWORD, by=None, must_change_password=False
    )
    User.objects.filter(pk=user.pk).update(privacy_acknowledged_at=timezone.now())
    user.refresh_from_db()
    services.role_grant(user=user, committee=committee, role=role, by=None, handling_unit=unit)
    return user


def build() -> Personas:
    province = Committee.objects.create(name="测试省政协", level="province", code="P")
    city = Committee.objects.create(name="测试市政协", level="city", code="P01", parent=province)
    county_a = Committee.objects.create(name="甲县政协", level="county", code="P0101", parent=city)
    county_b = Committee.objects.create(name="乙县政协", level="county", code="P0102", parent=city)
    for c in (province, city, county_a, county_b):
        Term.objects.create(committee=c, number=14, starts_on=date(2023, 1, 1))
    sector = Sector.objects.create(committee=city, name="经济界")
    county_sector = Sector.objects.create(committee=county_a, name="教育界")
    special = SpecialCommittee.objects.create(committee=city, name="经济委员会")
    unit = HandlingUnit.objects.create(committee=city, name="市住房和城乡建设局")

    member_wang = _user("wang", "王建国", city, Role.MEMBER)
    person = services.person_find_or_create(
        name="王建国",
        gender="M",
        affiliation="民建会员",
        employer="测试市建设集团",
        job_title="总经理",
        phone="13800138000",
        id_number=ID_WANG,
        by=None,
    )
    person.user = member_wang
    person.save(update_fields=["user"])
    wang_record = services.member_create(
        committee=city, person=person, sector=sector, special_committee=special, by=None
    )
    member_county = _user("li", "李淑芬", county_a, Role.MEMBER)
    person_li = services.person_find_or_create(
        name="李淑芬", gender="F", affiliation="中共党员", phone="13900139000", id_number=ID_LI, by=None
    )
    person_li.user = member_county
    person_li.save(update_fields=["user"])
    services.member_create(committee=county_a, person=person_li, sector=county_sector, by=None)

    return Personas(
        province=province,
        city=city,
        county_a=county_a,
        county_b=county_b,
        sector=sector,
        special=special,
        unit=unit,
        member_wang=member_wang,
        member_wang_record=wang_record,
        member_county=member_county,
        proposal_staff=_user("proposal", "提案干部", city, Role.PROPOSAL_STAFF),
        info_staff=_user("info", "信息干部", city, Role.INFO_STAFF),
        supervision_staff=_user("supervision", "督办干部", city, Role.SUPERVISION_STAFF),
        activity_staff=_user("activity", "活动干部", city, Role.ACTIVITY_STAFF),
        unit_clerk=_user("clerk", "住建局经办人", city, Role.UNIT_CLERK, unit=unit),
        leader=_user("leader", "市政协领导", city, Role.LEADER),
        sysadmin=_user("sysadmin", "系统管理员", city, Role.SYSADMIN),
        secadmin=_user("secadmin", "安全管理员", city, Role.SECADMIN),
        auditadmin=_user("auditadmin", "审计管理员", city, Role.AUDITADMIN),
        county_b_staff=_user("county_b", "乙县提案干部", county_b, Role.PROPOSAL_STAFF),
    )

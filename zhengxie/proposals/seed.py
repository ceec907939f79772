"""Synthetic proposals for benchmarks (`manage.py seed`, via settings.SEEDERS): ten years of
proposals for every seeded committee in every state of the workflow — about 1 000 000 at province
scale — with co-signers, handling units' assignments (主办, 会办, 分办), objections, extensions,
approved replies and the proposers' ratings.

Proportions follow practice: about 85 % of what is submitted is filed; older years are closed,
last year's mostly closed, this year's mostly still in handling. Filed proposals are numbered
届-次-序号 per committee.

Rows are written with plain batched INSERTs (no audit events: this is benchmark data, not anyone's
action). Proposal and assignment ids are allocated here, so that child rows can name them without
reading anything back. `terms` is made from the small title vocabulary, not by segmentation, which
at a million rows would take longer than the rest of the seed.

Besides the proposals, each committee gets three accounts for benchmarks (password SEED_PASSWORD):
`seed_<code>_member`, the member with the most proposals, `seed_<code>_unit`, a clerk of the
unit with the most assignments, and `seed_<code>_leader`, a leader who claims key proposals.

The record kinds around proposals are seeded for last year and this year (what the reports
compare): the claim window and leaders' claims of about two thirds of the key proposals; eight
suggested topics (领导点题, 群众荐题; last year's all published, this year's a few still waiting),
some taken up by members whose proposals they became; three 协助审查修改 requests, answered but the
newest; one 督导组 of the three offices with visits to three units (last year's all replied, this
year's planned, awaiting the reply or replied).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from zhengxie.lib.workdays import add_months
from zhengxie.org.models import (
    Committee,
    HandlingUnit,
    Member,
    Person,
    RoleAssignment,
    Sector,
    Session,
    SpecialCommittee,
    Term,
)
from zhengxie.org.roles import Role
from zhengxie.org.seed import SEED_PASSWORD, SeedResult

from .models import (
    DEFAULT_CATEGORIES,
    DEFAULT_REJECT_REASONS,
    Assignment,
    AssistRequest,
    ClaimWindow,
    CoOpinion,
    CoSigner,
    Destination,
    Extension,
    HandlingMode,
    InspectionGroup,
    InspectionMember,
    InspectionVisit,
    KeyClaim,
    Objection,
    ProofRound,
    Proposal,
    ProposalSettings,
    ProposerKind,
    PublicScope,
    Rating,
    Reply,
    Satisfaction,
    SuggestedTopic,
    TopicUptake,
)
from .seedtext import LONG_BODIES, long_body
from .services.assignment import objection_deadline

YEARS = 10
BATCH = 5000
TOTALS = {"county": 6_000, "city": 30_000, "province": 1_000_000}
# The share of member proposals written by each committee's most active member, so that the
# benchmark's member has a long list of his own.
STAR_SHARE = 0.02

P = Proposal.State
A = Assignment.State
FILED_STATES = (P.FILED, P.ASSIGNED, P.REPLIED, P.REHANDLING, P.CLOSED)
# (state, weight) by the age of the year: this year, last year, older.
MIX_THIS_YEAR = (
    (P.DRAFT, 3), (P.COSIGNING, 2), (P.SUBMITTED, 4), (P.REVIEWING, 3), (P.RETURNED, 2),
    (P.WITHDRAWN, 2), (P.MERGED, 3), (P.NOT_FILED, 6), (P.FILED, 6), (P.ASSIGNED, 42),
    (P.REPLIED, 17), (P.REHANDLING, 2), (P.CLOSED, 8),
)  # fmt: skip
MIX_LAST_YEAR = (
    (P.WITHDRAWN, 3), (P.MERGED, 4), (P.NOT_FILED, 8), (P.ASSIGNED, 6), (P.REPLIED, 8),
    (P.REHANDLING, 2), (P.CLOSED, 69),
)  # fmt: skip
MIX_OLDER = ((P.DRAFT, 1), (P.WITHDRAWN, 3), (P.MERGED, 4), (P.NOT_FILED, 8), (P.CLOSED, 84))
KINDS = (
    (ProposerKind.MEMBER, 72), (ProposerKind.JOINT, 18), (ProposerKind.SPECIAL_COMMITTEE, 5),
    (ProposerKind.SECTOR, 5),
)  # fmt: skip
MODES = ((HandlingMode.LEAD, 70), (HandlingMode.JOINT, 20), (HandlingMode.SPLIT, 10))
RESULTS = (("A", 55), ("B", 35), ("C", 10))
SATISFACTION = ((Satisfaction.SATISFIED, 80), (Satisfaction.BASIC, 17), (Satisfaction.DISSATISFIED, 3))
SCOPES = (PublicScope.FULL, PublicScope.SUMMARY, PublicScope.NONE)

VERBS = ("加快", "推进", "加强", "完善", "优化", "促进", "提升", "规范", "支持", "深化")
TOPICS = (
    "老旧小区改造", "养老服务体系", "义务教育均衡", "中小企业融资", "乡村振兴", "生态环境保护", "城市交通治堵",
    "基层医疗服务", "文化旅游融合", "营商环境", "就业创业服务", "食品安全监管", "职业教育发展", "数字政府建设",
    "河湖长制", "垃圾分类", "托育服务", "科技成果转化", "农村人居环境", "社区治理",
)  # fmt: skip
SITUATIONS = (
    "近年来相关工作取得明显成效，但群众反映的问题仍较集中。",
    "调研发现，基层在落实中存在资金、人员和机制等方面的短板。",
    "随着经济社会发展，群众对这方面的需求日益增长。",
)
ANALYSES = (
    "主要原因是统筹协调不够、政策配套不全、投入保障不足。",
    "部门之间职责交叉，信息不共享，考核机制不完善。",
)
SUGGESTIONS = (
    "一、加强统筹规划；二、完善配套政策；三、加大资金投入；四、强化督促落实。",
    "一、建立协调机制；二、推动信息共享；三、健全考核评价。",
)


@dataclass
class Place:
    """What one committee's proposals draw from."""

    committee_id: int
    code: str
    staff_user: int
    members: list[tuple[int, str]]  # (member id, name)
    units: list[int]
    unit_weights: list[int]
    sectors: list[tuple[int, str]]
    specials: list[tuple[int, str]]
    # year → (term id, term number, session id, session number)
    years: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)
    star: int = 0  # the member id of the most active member
    star_user: int = 0


class Table:
    """Batched raw INSERTs into one model's table. Every column not given per row gets the field's
    default (prepared for the database once); a column with neither fails at once, not at the
    first batch."""

    def __init__(self, cursor: Any, model: type[models.Model], varying: Sequence[str], **fixed: Any):
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and "id" not in varying)]
        template: list[Any] = []
        self.positions = []
        for f in fields:
            if f.attname in varying:
                template.append(None)
                continue
            value = fixed[f.attname] if f.attname in fixed else f.get_default()
            if value is None and not f.null:
                raise ValueError(f"{model.__name__}.{f.attname} needs a value")
            template.append(f.get_db_prep_save(value, connection))
        index = {f.attname: i for i, f in enumerate(fields)}
        self.positions = [index[name] for name in varying]
        self.template = template
        self.sql = (
            f"INSERT INTO {model._meta.db_table} ({', '.join(connection.ops.quote_name(f.column) for f in fields)})"
            f" VALUES ({', '.join(['%s'] * len(fields))})"
        )
        self.cursor = cursor
        self.rows: list[list[Any]] = []
        self.count = 0

    def add(self, *values: Any) -> None:
        row = self.template.copy()
        for position, value in zip(self.positions, values, strict=True):
            row[position] = value
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.cursor.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []


def seed(result: SeedResult, rng: random.Random, total: int | None = None, progress: bool = True) -> None:
    total = TOTALS[result.scale] if total is None else total
    this_year = timezone.localdate().year
    years = range(this_year - YEARS + 1, this_year + 1)
    with transaction.atomic():
        ProposalSettings.objects.bulk_create(ProposalSettings(committee_id=c.pk) for c in result.committees)
        places = _places(result, years, rng)
        _accounts(places)
        writer = _Writer(rng, this_year)
        start = time.perf_counter()
        kept = {p.committee_id for p in places}
        shares = _share(total, [c for c in result.committees if c.pk in kept])
        with connection.cursor() as cursor:
            writer.open(cursor)
            done = reported = 0
            for (_, count), place in zip(shares, places, strict=True):
                for i, year in enumerate(years):
                    writer.committee_year(place, year, count // YEARS + (1 if i < count % YEARS else 0))
                done += count
                if progress and done - reported >= 100_000:
                    reported = done
                    print(
                        f"  proposals: {done:,} of {total:,} ({time.perf_counter() - start:.0f} s)",
                        file=sys.stderr,
                    )
            writer.flush()
        _reset_sequences()
        _loops(places, this_year, rng)


LEADER_TOPICS = (
    "优化营商环境", "推进乡村振兴", "完善养老服务", "加强生态保护", "促进就业创业", "发展职业教育",
)  # fmt: skip
PUBLIC_TOPICS = ("校园周边交通安全", "老旧小区加装电梯", "农贸市场改造", "社区托育服务", "公共停车位不足")
PUBLIC_SOURCES = ("网上征集", "群众来信", "委员工作室座谈会", "12345热线梳理")
UPPER_LEVELS = ("省政协全体会议", "全国政协全体会议")
INSPECTORS = (
    ("政协办公室", InspectionMember.Office.COMMITTEE, "副秘书长"),
    ("党委办公室", InspectionMember.Office.PARTY, "副主任"),
    ("政府办公室", InspectionMember.Office.GOVERNMENT, "督查室主任"),
)
V = InspectionVisit.State


def _loops(places: list[Place], this_year: int, rng: random.Random) -> None:
    """Claims, suggested topics with their uptakes, assist requests and the joint inspection group
    of last year and this year, per committee (bulk inserts, a fixed number of queries per
    committee-year)."""
    user_model = get_user_model()
    password = make_password(SEED_PASSWORD)
    now = timezone.now()
    today = timezone.localdate()
    leaders = [
        user_model(
            username=f"seed_{place.code.lower()}_leader",
            display_name="模拟政协领导",
            password=password,
            privacy_acknowledged_at=now,
            password_changed_at=now,
        )
        for place in places
    ]
    user_model.objects.bulk_create(leaders, batch_size=BATCH)
    leader_of = dict(
        user_model.objects.filter(username__in=[u.username for u in leaders]).values_list("username", "id")
    )
    RoleAssignment.objects.bulk_create(
        (
            RoleAssignment(
                user_id=leader_of[f"seed_{place.code.lower()}_leader"],
                committee_id=place.committee_id,
                role=Role.LEADER,
            )
            for place in places
        ),
        batch_size=BATCH,
    )
    windows, claims, topics, assists, groups = [], [], [], [], []
    years = (this_year - 1, this_year)
    keys: dict[tuple[int, int], list[int]] = {}
    for pk, committee_id, year in Proposal.objects.filter(
        committee_id__in=[p.committee_id for p in places], year__in=years, is_key=True
    ).values_list("id", "committee_id", "year"):
        keys.setdefault((committee_id, year), []).append(pk)
    for place in places:
        leader = leader_of[f"seed_{place.code.lower()}_leader"]
        for year in years:
            windows.append(
                ClaimWindow(
                    committee_id=place.committee_id,
                    year=year,
                    opens_on=date(year, 2, 1),
                    closes_on=date(year, 2, 28),
                    by_id=place.staff_user,
                )
            )
            for pk in keys.get((place.committee_id, year), []):
                if rng.random() < 0.67:
                    claims.append(KeyClaim(committee_id=place.committee_id, proposal_id=pk, leader_id=leader))
            for i in range(8):
                public = i >= 5
                waiting = year == this_year and i in (4, 7)
                topics.append(
                    SuggestedTopic(
                        committee_id=place.committee_id,
                        year=year,
                        source=SuggestedTopic.Source.PUBLIC if public else SuggestedTopic.Source.LEADER,
                        title=rng.choice(PUBLIC_TOPICS if public else LEADER_TOPICS),
                        description="请委员围绕这一题目深入调研，提出有针对性的建议。",
                        category=rng.choice(DEFAULT_CATEGORIES),
                        source_note=rng.choice(PUBLIC_SOURCES) if public else "",
                        state=SuggestedTopic.State.DRAFT if waiting else SuggestedTopic.State.PUBLISHED,
                        created_by_id=leader if not public else place.staff_user,
                        published_at=None if waiting else now,
                    )
                )
            groups.append(
                InspectionGroup(
                    committee_id=place.committee_id,
                    year=year,
                    name="提案办理督导组",
                    created_by_id=place.staff_user,
                )
            )
        for i in range(3):
            answered = i < 2
            # Asked by the committee's member with an account, so the benchmark sees them.
            assists.append(
                AssistRequest(
                    committee_id=place.committee_id,
                    member_id=place.star,
                    upper_level=rng.choice(UPPER_LEVELS),
                    title=f"关于{rng.choice(TOPICS)}的建议",
                    text=rng.choice(SITUATIONS) + rng.choice(ANALYSES) + rng.choice(SUGGESTIONS),
                    state=AssistRequest.State.ANSWERED if answered else AssistRequest.State.SUBMITTED,
                    comments="建议补充本地数据，压缩情况部分，建议部分逐条写明责任主体。" if answered else "",
                    created_by_id=place.star_user,
                    answered_by_id=place.staff_user if answered else None,
                    answered_at=now if answered else None,
                )
            )
    ClaimWindow.objects.bulk_create(windows, batch_size=BATCH)
    KeyClaim.objects.bulk_create(claims, batch_size=BATCH)
    Proposal.objects.filter(pk__in=[c.proposal_id for c in claims], key_leader__isnull=True).update(
        key_leader_id=models.Subquery(
            KeyClaim.objects.filter(proposal_id=models.OuterRef("pk")).order_by("id").values("leader_id")[:1]
        )
    )
    SuggestedTopic.objects.bulk_create(topics, batch_size=BATCH)
    AssistRequest.objects.bulk_create(assists, batch_size=BATCH)
    InspectionGroup.objects.bulk_create(groups, batch_size=BATCH)
    _uptakes(places, years, rng)
    _visits(places, this_year, today, rng)


def _uptakes(places: list[Place], years: tuple[int, int], rng: random.Random) -> None:
    """Members took about half of the published topics up: each uptake links one of the member's
    own proposals of the year (the proposal the topic became)."""
    by_place: dict[tuple[int, int], list[int]] = {}
    for pk, committee_id, year in SuggestedTopic.objects.filter(
        committee_id__in=[p.committee_id for p in places],
        year__in=years,
        state=SuggestedTopic.State.PUBLISHED,
    ).values_list("id", "committee_id", "year"):
        by_place.setdefault((committee_id, year), []).append(pk)
    uptakes = []
    for place in places:
        for year in years:
            topic_ids = [t for t in by_place.get((place.committee_id, year), []) if rng.random() < 0.5]
            if not topic_ids:
                continue
            made = list(
                Proposal.objects.filter(
                    committee_id=place.committee_id,
                    year=year,
                    kind=ProposerKind.MEMBER,
                    submitted_at__isnull=False,
                )
                .order_by("id")
                .values_list("id", "proposer_id")[: len(topic_ids)]
            )
            uptakes += [
                TopicUptake(topic_id=t, proposal_id=pk, member_id=member)
                for t, (pk, member) in zip(topic_ids, made, strict=False)
            ]
    TopicUptake.objects.bulk_create(uptakes, batch_size=BATCH)


def _visits(places: list[Place], this_year: int, today: date, rng: random.Random) -> None:
    """The group's three offices and its visits to three units a year, with findings and replies."""
    groups = list(
        InspectionGroup.objects.filter(committee_id__in=[p.committee_id for p in places]).values_list(
            "id", "committee_id", "year"
        )
    )
    units = {p.committee_id: p.units for p in places}
    staff = {p.committee_id: p.staff_user for p in places}
    members, visits = [], []
    now = timezone.now()
    ratings = InspectionVisit.Rating.values
    for group_id, committee_id, year in groups:
        members += [
            InspectionMember(group_id=group_id, name=f"{office}同志", office=kind, title=title)
            for office, kind, title in INSPECTORS
        ]
        for i, unit in enumerate(units[committee_id][:3]):
            state = V.REPLIED if year < this_year else (V.PLANNED, V.AWAITING, V.REPLIED)[i]
            visit_on = date(year, 9, 10 + i) if year < this_year else today - timedelta(days=20 - 5 * i)
            found = state != V.PLANNED
            visits.append(
                InspectionVisit(
                    committee_id=committee_id,
                    group_id=group_id,
                    unit_id=unit,
                    visit_on=visit_on if found else today + timedelta(days=7),
                    state=state,
                    findings="办理工作总体规范，个别答复件未写明落实时限，需加强跟踪落实。" if found else "",
                    rating=rng.choice(ratings) if found else "",
                    findings_by_id=staff[committee_id] if found else None,
                    findings_at=now if found else None,
                    reply="已建立答复件落实台账，逐件明确落实时限。" if state == V.REPLIED else "",
                    replied_at=now if state == V.REPLIED else None,
                    created_by_id=staff[committee_id],
                )
            )
    InspectionMember.objects.bulk_create(members, batch_size=BATCH)
    InspectionVisit.objects.bulk_create(visits, batch_size=BATCH)


def _share(total: int, committees: list[Committee]) -> list[tuple[Committee, int]]:
    """Spread `total` over the committees, the top committee and cities getting four times more."""
    weights = [4 if c.level in ("province", "city") else 1 for c in committees]
    counts = [total * w // sum(weights) for w in weights]
    counts[0] += total - sum(counts)
    return list(zip(committees, counts, strict=True))


def _places(result: SeedResult, years: range, rng: random.Random) -> list[Place]:
    ids = [c.pk for c in result.committees]
    staff = dict(
        RoleAssignment.objects.filter(
            committee_id__in=ids, role=Role.PROPOSAL_STAFF, user__username__startswith="seed_"
        ).values_list("committee_id", "user_id")
    )
    members: dict[int, list[tuple[int, str]]] = {c: [] for c in ids}
    for mid, cid, name in (
        Member.objects.filter(committee_id__in=ids)
        .order_by("id")
        .values_list("id", "committee_id", "person__name")
    ):
        members[cid].append((mid, name))
    units: dict[int, list[int]] = {c: [] for c in ids}
    for uid, cid in (
        HandlingUnit.objects.filter(committee_id__in=ids).order_by("id").values_list("id", "committee_id")
    ):
        units[cid].append(uid)
    sectors: dict[int, list[tuple[int, str]]] = {c: [] for c in ids}
    for sid, cid, name in (
        Sector.objects.filter(committee_id__in=ids).order_by("id").values_list("id", "committee_id", "name")
    ):
        sectors[cid].append((sid, name))
    specials: dict[int, list[tuple[int, str]]] = {c: [] for c in ids}
    for sid, cid, name in (
        SpecialCommittee.objects.filter(committee_id__in=ids)
        .order_by("id")
        .values_list("id", "committee_id", "name")
    ):
        specials[cid].append((sid, name))
    places = []
    for c in result.committees:
        cunits = units[c.pk]
        if not cunits or len(members[c.pk]) < 6:
            continue  # nobody to write or handle proposals (too small a share of the scale)
        place = Place(
            committee_id=c.pk,
            code=c.code,
            staff_user=staff[c.pk],
            members=members[c.pk],
            units=cunits,
            # The first unit (发展和改革委员会) handles the most, as it does in practice.
            unit_weights=[6] + [1] * (len(cunits) - 1),
            sectors=sectors[c.pk],
            specials=specials[c.pk],
            star=rng.choice(members[c.pk])[0],
        )
        places.append(place)
    _terms(places, years)
    return places


def _terms(places: list[Place], years: range) -> None:
    """The 届 and 次会议 of every seeded year: five sessions a term, the 13th term from 2023."""

    def term_of(year: int) -> tuple[int, int]:
        offset = year - 2023
        return 13 + offset // 5, offset % 5 + 1

    ids = [p.committee_id for p in places]
    needed = {term_of(y)[0] for y in years}
    existing = set(Term.objects.filter(committee_id__in=ids).values_list("committee_id", "number"))
    Term.objects.bulk_create(
        Term(
            committee_id=c,
            number=n,
            starts_on=date(2023 + (n - 13) * 5, 1, 8),
            ends_on=date(2023 + (n - 12) * 5 - 1, 12, 31) if n < 13 else None,
        )
        for c in ids
        for n in sorted(needed)
        if (c, n) not in existing
    )
    terms = {
        (c, n): pk
        for pk, c, n in Term.objects.filter(committee_id__in=ids).values_list("id", "committee_id", "number")
    }
    Session.objects.bulk_create(
        (
            Session(
                committee_id=c,
                term_id=terms[(c, term_of(y)[0])],
                number=term_of(y)[1],
                plenary_opens_on=date(y, 1, 10),
                plenary_closes_on=date(y, 1, 14),
            )
            for c in ids
            for y in years
        ),
        batch_size=BATCH,
    )
    sessions = {
        (c, t, n): pk
        for pk, c, t, n in Session.objects.filter(committee_id__in=ids).values_list(
            "id", "committee_id", "term_id", "number"
        )
    }
    for place in places:
        for y in years:
            number, session = term_of(y)
            term_id = terms[(place.committee_id, number)]
            place.years[y] = (term_id, number, sessions[(place.committee_id, term_id, session)], session)


def _accounts(places: list[Place]) -> None:
    """Per committee: the most active member's account and a clerk of the busiest unit."""
    user_model = get_user_model()
    password = make_password(SEED_PASSWORD)
    now = timezone.now()
    users = []
    for place in places:
        for suffix, title in (("member", "委员"), ("unit", "承办单位经办人")):
            users.append(
                user_model(
                    username=f"seed_{place.code.lower()}_{suffix}",
                    display_name=f"模拟{title}",
                    password=password,
                    privacy_acknowledged_at=now,
                    password_changed_at=now,
                )
            )
    user_model.objects.bulk_create(users, batch_size=BATCH)
    by_name = dict(
        user_model.objects.filter(username__in=[u.username for u in users]).values_list("username", "id")
    )
    stars = dict(Member.objects.filter(id__in=[p.star for p in places]).values_list("id", "person_id"))
    roles = []
    for place in places:
        place.star_user = by_name[f"seed_{place.code.lower()}_member"]
        Person.objects.filter(pk=stars[place.star]).update(user_id=place.star_user)
        roles.append(
            RoleAssignment(user_id=place.star_user, committee_id=place.committee_id, role=Role.MEMBER)
        )
        roles.append(
            RoleAssignment(
                user_id=by_name[f"seed_{place.code.lower()}_unit"],
                committee_id=place.committee_id,
                role=Role.UNIT_CLERK,
                handling_unit_id=place.units[0],
            )
        )
    RoleAssignment.objects.bulk_create(roles, batch_size=BATCH)


def _reset_sequences() -> None:
    """Ids were given explicitly: on PostgreSQL the sequences must move past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Proposal, Assignment])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _weighted(pairs: Sequence[tuple[Any, int]]) -> tuple[list[Any], list[int]]:
    return [v for v, _ in pairs], [w for _, w in pairs]


class _Writer:
    """Generates one committee-year at a time and feeds the tables."""

    def __init__(self, rng: random.Random, this_year: int):
        self.rng = rng
        self.this_year = this_year
        self.today = timezone.localdate()
        # Midnight, not the clock: the same seed on the same day gives the same data.
        self.now = timezone.make_aware(datetime.combine(self.today, datetime.min.time()))
        ops = connection.ops
        self.d = ops.adapt_datefield_value
        self.dt = ops.adapt_datetimefield_value
        self.mixes = {
            age: _weighted(m) for age, m in ((0, MIX_THIS_YEAR), (1, MIX_LAST_YEAR), (2, MIX_OLDER))
        }
        self.kinds = _weighted(KINDS)
        self.modes = _weighted(MODES)
        self.results = _weighted(RESULTS)
        self.satisfaction = _weighted(SATISFACTION)
        self.objection_until: dict[tuple[int, date], date] = {}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {Proposal._meta.db_table}")
            self.next_proposal = (cursor.fetchone()[0] or 0) + 1
            cursor.execute(f"SELECT MAX(id) FROM {Assignment._meta.db_table}")
            self.next_assignment = (cursor.fetchone()[0] or 0) + 1

    def open(self, cursor: Any) -> None:
        self.proposals = Table(
            cursor,
            Proposal,
            (
                "id", "committee_id", "term_id", "session_id", "year", "is_plenary", "number", "serial", "kind",
                "proposer_id", "special_committee_id", "sector_id", "convener_id", "proposer_name", "title",
                "situation", "analysis", "suggestion", "category", "terms", "state", "review_stage",
                "cosign_until", "not_filed_reason", "destination", "merged_into_id", "is_key", "mode",
                "due_on", "original_due_on", "rating_until", "round", "result", "public_scope",
                "created_by_id", "created_at", "submitted_at", "filed_at", "assigned_at", "replied_at",
                "closed_at",
            ),
        )  # fmt: skip
        self.cosigners = Table(
            cursor, CoSigner, ("committee_id", "proposal_id", "member_id", "order", "answer", "answered_at")
        )
        self.assignments = Table(
            cursor,
            Assignment,
            (
                "id",
                "committee_id",
                "proposal_id",
                "unit_id",
                "role",
                "state",
                "due_on",
                "assigned_at",
                "signed_at",
                "replied_at",
                "objection_until",
            ),
        )
        self.objections = Table(
            cursor,
            Objection,
            ("committee_id", "assignment_id", "state", "requested_by_id", "requested_at", "decided_at"),
            reason="本单位职能不涉及该提案所提事项，建议改由其他单位承办。",
        )
        self.extensions = Table(
            cursor,
            Extension,
            (
                "committee_id",
                "assignment_id",
                "old_due_on",
                "new_due_on",
                "state",
                "requested_by_id",
                "requested_at",
                "decided_at",
            ),
            reason="涉及多个部门协调，需进一步调研论证。",
        )
        self.proof_rounds = Table(
            cursor,
            ProofRound,
            (
                "committee_id",
                "proposal_id",
                "number",
                "state",
                "by_id",
                "at",
                "answered_by_id",
                "answered_at",
            ),
            note="统一标点，规范表述",
        )
        self.replies = Table(
            cursor,
            Reply,
            (
                "committee_id", "proposal_id", "assignment_id", "state", "category", "public_scope",
                "written_by_id", "written_at", "submitted_at", "approved_at", "approved_by_id", "published_at",
            ),
            text="经认真研究，现答复如下：……",
            summary="已采纳并列入年度工作计划。",
            signing_leader="王局长",
            contact_name="李科长",
            contact_phone="0531-88888888",
        )  # fmt: skip
        self.opinions = Table(
            cursor,
            CoOpinion,
            ("committee_id", "assignment_id", "sent_by_id", "sent_at"),
            text="同意主办单位意见，本单位将积极配合。",
        )
        self.ratings = Table(
            cursor,
            Rating,
            ("committee_id", "proposal_id", "round", "member_id", "work", "result", "by_id", "at"),
        )

    def flush(self) -> None:
        # Keys are checked at commit (Django declares them deferrable), so the order only keeps
        # the parents of a batch ahead of its children for a reader of the SQL log.
        for table in (
            self.proposals, self.cosigners, self.assignments, self.objections, self.extensions,
            self.replies, self.opinions, self.ratings, self.proof_rounds,
        ):  # fmt: skip
            table.flush()

    def _objection_until(self, committee_id: int, assigned_on: date) -> date:
        """The assignment's objection window as the service sets it (the committee's rule), kept
        per committee and day: many assignments share both."""
        key = (committee_id, assigned_on)
        if key not in self.objection_until:
            self.objection_until[key] = objection_deadline(committee_id, assigned_on)
        return self.objection_until[key]

    def _at(self, base: datetime, low: int, high: int) -> datetime:
        return min(
            base + timedelta(days=self.rng.randint(low, high), minutes=self.rng.randint(0, 600)), self.now
        )

    def committee_year(self, place: Place, year: int, count: int) -> None:
        rng = self.rng
        age = min(self.this_year - year, 2)
        states, weights = self.mixes[age]
        plan = rng.choices(states, weights, k=count)
        ids = list(range(self.next_proposal, self.next_proposal + count))
        self.next_proposal += count
        filed = [pk for pk, s in zip(ids, plan, strict=True) if s in FILED_STATES]
        term_id, term_no, session_id, session_no = place.years[year]
        start = timezone.make_aware(datetime(year, 1, 5, 9))
        # This year's proposals were written between January and some weeks ago.
        span = 330 if year < self.this_year else max((self.today - date(year, 1, 5)).days - 45, 1)
        serial = 0
        for pk, state in zip(ids, plan, strict=True):
            if state == P.MERGED and not filed:
                state = P.NOT_FILED
            self._proposal(
                place, year, pk, state, start, span, filed, term_id, session_id, term_no, session_no, serial
            )
            if state in FILED_STATES:
                serial += 1

    def _proposal(
        self,
        place: Place,
        year: int,
        pk: int,
        state: str,
        start: datetime,
        span: int,
        filed: list[int],
        term_id: int,
        session_id: int,
        term_no: int,
        session_no: int,
        serial: int,
    ) -> None:
        rng = self.rng
        d, dt = self.d, self.dt
        kinds, kweights = self.kinds
        kind = rng.choices(kinds, kweights)[0]
        proposer = convener = special = sector = None
        cosigners: list[tuple[int, str]] = []
        if kind in (ProposerKind.MEMBER, ProposerKind.JOINT):
            if rng.random() < STAR_SHARE:
                proposer = next(m for m in place.members if m[0] == place.star)
            else:
                proposer = rng.choice(place.members)
            if kind == ProposerKind.JOINT:
                cosigners = [m for m in rng.sample(place.members, 5) if m[0] != proposer[0]][
                    : rng.randint(1, 4)
                ]
            name = proposer[1]
        elif kind == ProposerKind.SPECIAL_COMMITTEE:
            special = rng.choice(place.specials)
            convener = rng.choice(place.members)
            name = special[1]
        else:
            sector = rng.choice(place.sectors)
            convener = rng.choice(place.members)
            name = f"{sector[1]}界别"
        author = place.star_user if proposer is not None and proposer[0] == place.star else place.staff_user
        verb, topic = rng.choice(VERBS), rng.choice(TOPICS)
        title = f"关于{verb}{topic}的建议"
        texts = (
            long_body(rng, topic)
            if LONG_BODIES
            else (rng.choice(SITUATIONS), rng.choice(ANALYSES), rng.choice(SUGGESTIONS))
        )
        plenary = rng.random() < 0.75
        if state in (P.DRAFT, P.COSIGNING) and year == self.this_year:
            created = self.now - timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 600))
        else:
            created = self._at(start, 0, 40 if plenary else span)
        submitted = None if state in (P.DRAFT, P.COSIGNING) else self._at(created, 0, 3)
        is_filed = state in FILED_STATES
        filed_at = self._at(submitted, 10, 30) if is_filed and submitted else None
        assigned = self._at(filed_at, 3, 10) if filed_at and state != P.FILED else None
        due = add_months(assigned.date(), 3) if assigned else None
        replied = closed = rating_until = None
        if state in (P.REPLIED, P.REHANDLING, P.CLOSED) and assigned:
            replied = self._at(assigned, 30, 85)
            rating_until = replied.date() + timedelta(days=21)
            if state == P.CLOSED:
                closed = self._at(replied, 15, 25)
        result = scope = ""
        if replied:
            values, weights = self.results
            result = rng.choices(values, weights)[0]
            scope = rng.choice(SCOPES)
        mode = ""
        if assigned:
            modes, mweights = self.modes
            mode = rng.choices(modes, mweights)[0]
        not_filed_reason = destination = ""
        if state == P.NOT_FILED:
            not_filed_reason = rng.choice(DEFAULT_REJECT_REASONS)
            destination = rng.choice(Destination.values)
        cosign_until = self.today + timedelta(days=rng.randint(1, 7)) if state == P.COSIGNING else None
        self.proposals.add(
            pk, place.committee_id, term_id, session_id, year, plenary,
            f"{term_no}-{session_no}-{serial + 1:04d}" if is_filed else "", serial + 1 if is_filed else None,
            kind, proposer[0] if proposer else None, special[0] if special else None,
            sector[0] if sector else None, convener[0] if convener else None, name, title,
            *texts, rng.choice(DEFAULT_CATEGORIES),
            f"{verb} {topic} 建议", state, 1 if state == P.REVIEWING else 0, d(cosign_until), not_filed_reason,
            destination, rng.choice(filed) if state == P.MERGED else None, is_filed and rng.random() < 0.02, mode,
            d(due), d(due), d(rating_until), 2 if state == P.REHANDLING else 1, result, scope,
            author, dt(created), dt(submitted), dt(filed_at), dt(assigned), dt(replied), dt(closed),
        )  # fmt: skip
        for order, member in enumerate(cosigners):
            if state == P.DRAFT or (state == P.COSIGNING and rng.random() < 0.5):
                answer, answered = CoSigner.Answer.PENDING, None
            else:
                answer, answered = CoSigner.Answer.AGREED, dt(self._at(created, 0, 3))
            self.cosigners.add(place.committee_id, pk, member[0], order, answer, answered)
        if assigned and due:
            self._handling(place, pk, state, mode, assigned, due, replied, result, scope)
        if state == P.FILED and filed_at:
            self._proof_rounds(place, pk, filed_at, proposer or convener)
        if state in (P.CLOSED, P.REHANDLING) and replied:
            first = proposer or convener
            assert first is not None
            raters = [first, *cosigners] if state == P.CLOSED else [first]
            values, weights = self.satisfaction
            for member in raters:
                if state == P.REHANDLING:
                    work = outcome = Satisfaction.DISSATISFIED
                else:
                    work, outcome = rng.choices(values, weights, k=2)
                by = place.star_user if member[0] == place.star else place.staff_user
                self.ratings.add(
                    place.committee_id, pk, 1, member[0], work, outcome, by, dt(self._at(replied, 1, 14))
                )

    def _proof_rounds(self, place: Place, pk: int, filed_at: datetime, author: Any) -> None:
        """A filed proposal's proofreading (校对) so far: none to three rounds, the last one possibly
        waiting for the proposer. Its own generator, so the rest of the data stays as it was."""
        rng = random.Random(pk)
        rounds = rng.randint(0, 3)
        answerer = place.star_user if author is not None and author[0] == place.star else place.staff_user
        for number in range(1, rounds + 1):
            at = min(filed_at + timedelta(days=2 * number, minutes=rng.randint(0, 600)), self.now)
            waiting = number == rounds and rng.random() < 0.4
            state = ProofRound.State.PENDING if waiting else ProofRound.State.CONFIRMED
            answered = None if waiting else self.dt(min(at + timedelta(days=1), self.now))
            self.proof_rounds.add(
                place.committee_id, pk, number, state, place.staff_user, self.dt(at),
                None if waiting else answerer, answered,
            )  # fmt: skip

    def _handling(
        self,
        place: Place,
        pk: int,
        state: str,
        mode: str,
        assigned: datetime,
        due: date,
        replied: datetime | None,
        result: str,
        scope: str,
    ) -> None:
        rng = self.rng
        d, dt = self.d, self.dt
        units = rng.choices(place.units, place.unit_weights, k=4)
        units = list(dict.fromkeys(units))  # distinct, first choice first
        if mode == HandlingMode.LEAD or len(units) == 1:
            shares = [(units[0], Assignment.Role.LEAD)]
        elif mode == HandlingMode.JOINT:
            shares = [(units[0], Assignment.Role.LEAD)] + [
                (u, Assignment.Role.CO) for u in units[1 : rng.randint(2, 3)]
            ]
        else:
            shares = [(u, Assignment.Role.SPLIT) for u in units[: rng.randint(2, 3)]]
        for unit, role in shares:
            apk = self.next_assignment
            self.next_assignment += 1
            signed = self._at(assigned, 0, 5)
            if state == P.ASSIGNED:
                if role == Assignment.Role.LEAD:
                    a_state = rng.choices((A.PENDING, A.OBJECTING, A.HANDLING), (15, 3, 82))[0]
                else:
                    a_state = rng.choices((A.PENDING, A.OBJECTING, A.HANDLING, A.REPLIED), (12, 3, 55, 30))[0]
            elif state == P.REHANDLING and role != Assignment.Role.CO:
                a_state = A.HANDLING
            else:
                a_state = A.REPLIED
            signed_at = None if a_state in (A.PENDING, A.OBJECTING) else signed
            unit_replied = replied or (self._at(signed, 20, 80) if a_state == A.REPLIED else None)
            self.assignments.add(
                apk, place.committee_id, pk, unit, role, a_state, d(due), dt(assigned), dt(signed_at),
                dt(unit_replied) if a_state == A.REPLIED or replied else None,
                d(self._objection_until(place.committee_id, assigned.date())),
            )  # fmt: skip
            if a_state == A.OBJECTING:
                self.objections.add(
                    place.committee_id, apk, Objection.State.PENDING, place.staff_user, dt(signed), None
                )
            elif rng.random() < 0.02:
                self.objections.add(
                    place.committee_id,
                    apk,
                    Objection.State.REFUSED,
                    place.staff_user,
                    dt(signed),
                    dt(self._at(signed, 1, 5)),
                )
            if a_state == A.HANDLING and rng.random() < 0.05:
                self.extensions.add(
                    place.committee_id, apk, d(due), d(due + timedelta(days=30)), Extension.State.PENDING,
                    place.staff_user, dt(self._at(signed, 20, 60)), None,
                )  # fmt: skip
            elif a_state == A.REPLIED and rng.random() < 0.03:
                asked = self._at(signed, 20, 60)
                self.extensions.add(
                    place.committee_id, apk, d(due), d(due + timedelta(days=30)), Extension.State.APPROVED,
                    place.staff_user, dt(asked), dt(self._at(asked, 1, 5)),
                )  # fmt: skip
            if role == Assignment.Role.CO:
                if a_state == A.REPLIED and unit_replied:
                    self.opinions.add(place.committee_id, apk, place.staff_user, dt(unit_replied))
                continue
            if unit_replied and (a_state == A.REPLIED or state == P.REHANDLING):
                category = result or rng.choices(*self.results)[0]
                reply_scope = scope or rng.choice(SCOPES)
                published = dt(unit_replied) if reply_scope != PublicScope.NONE else None
                self.replies.add(
                    place.committee_id, pk, apk, Reply.State.APPROVED, category, reply_scope, place.staff_user,
                    dt(unit_replied), dt(unit_replied), dt(unit_replied), place.staff_user, published,
                )  # fmt: skip
            elif a_state == A.HANDLING and state == P.ASSIGNED and rng.random() < 0.1:
                # A reply waiting for the proposal office's review.
                written = self._at(signed, 20, 60)
                self.replies.add(
                    place.committee_id, pk, apk, Reply.State.REVIEWING, rng.choices(*self.results)[0],
                    PublicScope.NONE, place.staff_user, dt(written), dt(written), None, None, None,
                )  # fmt: skip

"""Demo duty records for 青州市政协 (settings.DEMO_LOADERS): two years of ledger entries for every
member, the demo member's own reports (approved, returned, waiting), other members' reports
waiting for review, this year's plenary attendance sheet and a standing member's annual report,
so that every duty page shows something."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.org.models import Committee, Member

from . import services, services_attendance, services_reports
from .models import ActivityReport, AttendanceLine, AttendanceSheet, PointEntry, StandingReport, YearSettings

# (code, variant, weight) for the background history
HISTORY = (
    ("M02", "", 3), ("M04", "", 4), ("P01", "", 4), ("P02", "", 5), ("S01", "", 6), ("S02", "", 2),
    ("A01", "", 6), ("A02", "", 2), ("A04", "", 3), ("L01", "集中学习", 5), ("C01", "", 3), ("C03", "", 2),
)  # fmt: skip
OTHER_REPORTS = (
    ("A04", "参加社区“有事好商量”协商议事会", "就老旧小区加装电梯问题与居民代表协商，形成三条建议。"),
    ("C01", "委员工作室接待界别群众", "接待群众来访5人次，收集意见建议3条并转有关部门。"),
    ("C03", "参加防汛应急志愿服务", "在青州河沿线参与防汛巡查两天。"),
)


def load() -> None:
    city = Committee.objects.get(code="DEMO-01")
    users = get_user_model().objects.in_bulk(["demo_activity_staff", "demo_member"], field_name="username")
    staff, member_user = users["demo_activity_staff"], users["demo_member"]
    rng = random.Random(2026)
    today = timezone.localdate()
    this, last = today.year, today.year - 1
    for year in (last, this):
        settings = services.year_open(committee_id=city.pk, year=year)
        YearSettings.objects.filter(pk=settings.pk).update(publish_ranks=True)
    me = Member.objects.select_related("person").get(committee=city, person__user=member_user)
    Member.objects.filter(pk=me.pk).update(is_standing=True)
    me.is_standing = True
    members = list(Member.objects.filter(committee=city).select_related("person").order_by("id"))
    _history(city, members, me, rng, (last, this))
    _plenary_last_year(city, members, last, rng)
    _plenary_this_year(city, members, staff, today, rng)
    _own_reports(me, member_user, staff, today)
    _other_reports(city, members, today)
    other_standing = next((m for m in members if m.is_standing and m.pk != me.pk), None)
    if other_standing is not None:
        report = StandingReport.objects.create(
            committee=city,
            member=other_standing,
            year=this,
            text="一年来，本人认真履行常委职责，出席常委会议，围绕城市更新开展调研，提交提案3件……",
            submitted_at=timezone.now(),
        )
        services.record_points(member=other_standing, code="R01", source=report, by=None, year=this)


def _history(
    city: Committee, members: list[Member], me: Member, rng: random.Random, years: tuple[int, int]
) -> None:
    """Background entries (recorded by staff before the platform, so without a source object)."""
    rules = {(r.year, r.code): r for y in years for r in services.rules_for(city.pk, y)}
    codes = [(c, v) for c, v, _ in HISTORY]
    weights = [w for _, _, w in HISTORY]
    entries = []
    today = timezone.localdate()
    for member in members:
        for year in years:
            # Most members are active, a few hardly at all: the grade bands get a realistic spread.
            busy = 12 if member.pk == me.pk else rng.choice((2, 8, 12, 14, 16, 18, 20, 22, 24, 28))
            for code, variant in rng.choices(codes, weights, k=busy):
                rule = rules[(year, code)]
                day = date(year, rng.randint(1, 12 if year < today.year else today.month), 1)
                entries.append(
                    PointEntry(
                        committee=city,
                        member=member,
                        rule=rule,
                        year=year,
                        points=rule.points_for(variant),
                        quantity=1,
                        variant=variant,
                        note="历史履职记录",
                        recorded_at=timezone.make_aware(datetime(day.year, day.month, day.day, 9)),
                    )
                )
    PointEntry.objects.bulk_create(entries, batch_size=2000)


def _plenary_last_year(city: Committee, members: list[Member], year: int, rng: random.Random) -> None:
    rule = services.rule_get(city.pk, year, "M01")
    absent = services.rule_get(city.pk, year, "D01")
    at = timezone.make_aware(datetime(year, 1, 12, 9))
    PointEntry.objects.bulk_create(
        PointEntry(
            committee=city,
            member=m,
            rule=rule if rng.random() > 0.04 else absent,
            year=year,
            points=Decimal(20) if rng.random() > 0.04 else Decimal(-20),
            note=f"{year}年全体会议",
            recorded_at=at,
        )
        for m in members
    )


def _plenary_this_year(
    city: Committee, members: list[Member], staff: object, today: date, rng: random.Random
) -> None:
    held = min(date(today.year, 1, 12), today)
    sheet = services_attendance.sheet_create(
        committee_id=city.pk,
        title=f"政协青州市第十三届委员会第{today.year - 2022}次会议",
        kind=AttendanceSheet.Kind.PLENARY,
        held_on=held,
        by=staff,
    )
    statuses: dict[int, str] = {}
    for m in members:
        draw = rng.random()
        statuses[m.pk] = (
            AttendanceLine.Status.PRESENT
            if draw > 0.08
            else AttendanceLine.Status.EXCUSED
            if draw > 0.02
            else AttendanceLine.Status.UNEXCUSED
        )
    services_attendance.sheet_record(sheet=sheet, statuses=statuses, by=staff)
    services_attendance.sheet_create(
        committee_id=city.pk,
        title="“推进城市更新”专题协商会",
        kind=AttendanceSheet.Kind.CONSULTATION,
        held_on=max(held, today - timedelta(days=20)),
        by=staff,
    )


def _own_reports(me: Member, user: object, staff: object, today: date) -> None:
    day = max(date(today.year, 1, 1), today - timedelta(days=30))
    approved = services_reports.report_submit(
        member=me,
        code="A01",
        title="参加老旧小区改造专题视察",
        happened_on=day,
        description="随市政协视察团察看三个改造项目，提出加快管网改造的建议。",
        by=user,
    )
    services_reports.report_approve(report=approved, by=staff, roles={"activity_staff"}, comment="情况属实")
    returned = services_reports.report_submit(
        member=me,
        code="L01",
        variant="集中学习",
        title="委员读书活动",
        happened_on=day,
        description="参加读书活动。",
        by=user,
    )
    services_reports.report_return(
        report=returned, by=staff, roles={"activity_staff"}, comment="请补充读书活动的主题和时长"
    )
    services_reports.report_submit(
        member=me,
        code="A04",
        title="参加街道协商议事室议事",
        happened_on=today,
        description="就背街小巷停车难问题参加协商议事，提出错时共享停车的建议。",
        by=user,
    )
    # 五个一: a reasonable suggestion confirmed; friends made still to be confirmed.
    suggestion = services_reports.report_submit(
        member=me,
        code="C05",
        title="关于公交线路优化的合理化建议",
        happened_on=day,
        description="建议在新城区增开社区微循环公交，已转市交通运输局。",
        by=user,
    )
    services_reports.report_approve(report=suggestion, by=staff, roles={"activity_staff"}, comment="已核实")
    services_reports.report_submit(
        member=me,
        code="C04",
        title="走访界别群众，结交基层朋友",
        happened_on=today,
        description="走访3家小微企业，与5位职工建立经常性联系。",
        by=user,
    )


def _other_reports(city: Committee, members: list[Member], today: date) -> None:
    day = max(date(today.year, 1, 1), today - timedelta(days=10))
    for member, (code, title, text) in zip(members[10:13], OTHER_REPORTS, strict=True):
        ActivityReport.objects.create(
            committee=city,
            member=member,
            rule=services.rule_get(city.pk, day.year, code),
            year=day.year,
            title=title,
            happened_on=day,
            description=text,
            submitted_at=timezone.now(),
        )

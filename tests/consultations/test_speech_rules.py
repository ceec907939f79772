"""Speeches score the rule of the meeting they were made at: a 常委会议 speech M07, a consultation
meeting's (and a remote one's) M08, a speech at the plenary's group discussions M02 — never M05,
which is the plenary's oral speech (大会发言). Speeches scored M05 at standing and consultation
meetings before the rules existed move to their own rule, audited."""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.services import activities
from zhengxie.duty import defaults
from zhengxie.duty.models import PointEntry, YearSettings
from zhengxie.duty.selectors import member_minimums
from zhengxie.duty.services import record_points, year_open
from zhengxie.org.models import Member

pytestmark = pytest.mark.django_db

SPEECH_ITEM = "至少1次会议发言或书面发言"


def _meeting_with_speeches(p: Personas, kind: str, member: Member, speeches: int) -> Activity:
    now = timezone.now()
    activity = activities.activity_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        kind=kind,
        title="会议",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        place="市政协会议室",
        video_link="https://meeting.example.cn/room/1" if kind == Activity.Kind.REMOTE else "",
    )
    activities.invite(activity=activity, by=p.activity_staff, members=[member])
    inv = Invitation.objects.select_related("activity", "member").get(activity=activity)
    activities.attendance_set(invitation=inv, by=p.activity_staff, status="present")
    for _ in range(speeches):
        inv = Invitation.objects.select_related("activity", "member").get(activity=activity)
        activities.speech_record(invitation=inv, by=p.activity_staff)
    return activity


def _standing(member: Member, activity: Activity) -> list[tuple[str, Decimal]]:
    return sorted(
        (e.rule.code, e.points)
        for e in PointEntry.objects.filter(member=member, source_id=activity.pk, rule__code__startswith="M")
        .standing()
        .select_related("rule")
        if e.rule.code not in {"M01", "M03", "M04"}
    )


def test_a_standing_meeting_speech_scores_m07_not_the_plenary_speech(
    p: Personas, member_zhao: Member
) -> None:
    activity = _meeting_with_speeches(p, Activity.Kind.STANDING, member_zhao, 2)
    assert _standing(member_zhao, activity) == [("M07", Decimal("8.00"))]


@pytest.mark.parametrize("kind", [Activity.Kind.CONSULTATION, Activity.Kind.REMOTE])
def test_a_consultation_meeting_speech_scores_m08(p: Personas, kind: str) -> None:
    activity = _meeting_with_speeches(p, kind, p.member_wang_record, 1)
    assert _standing(p.member_wang_record, activity) == [("M08", Decimal("3.00"))]


def test_a_speech_at_the_plenary_meeting_is_a_group_discussion_speech(p: Personas) -> None:
    activity = _meeting_with_speeches(p, Activity.Kind.PLENARY, p.member_wang_record, 1)
    assert _standing(p.member_wang_record, activity) == [("M02", Decimal("2.00"))]


def test_the_new_rules_are_in_the_defaults_and_count_for_the_speech_minimum(p: Personas) -> None:
    rules = {r.code: r for r in defaults.RULES}
    assert (rules["M07"].title, rules["M07"].points, rules["M07"].cap) == ("常委会议发言", "4", 12)
    assert rules["M08"].title.startswith("协商会议发言")
    assert rules["M05"].title == "大会发言（口头）"
    item = next(m for m in defaults.MINIMUMS if m["label"] == SPEECH_ITEM)
    assert {"M07", "M08"} <= set(item["codes"])

    _meeting_with_speeches(p, Activity.Kind.CONSULTATION, p.member_wang_record, 1)
    status = {m.label: m for m in member_minimums(p.member_wang_record, timezone.localdate().year)}
    assert status[SPEECH_ITEM].done == 1


def _migration(name: str) -> Any:
    return importlib.import_module(f"zhengxie.{name}")


def test_the_rules_migration_adds_m07_and_m08_and_widens_the_default_speech_item(p: Personas) -> None:
    year = timezone.localdate().year
    year_open(committee_id=p.city.pk, year=year)
    from zhengxie.duty.models import Rule

    Rule.objects.filter(code__in=["M07", "M08"]).delete()
    settings = YearSettings.objects.get(committee_id=p.city.pk, year=year)
    old = _migration("duty.migrations.0005_standing_and_consultation_speech_rules")
    settings.minimums = [
        {"label": SPEECH_ITEM, "codes": old.SPEECH_BEFORE, "count": 1},
        {"label": "自定义要求", "codes": ["M05"], "count": 1},
    ]
    settings.save()

    old.add_speech_rules(apps, None)
    old.add_speech_rules(apps, None)  # a rerun adds nothing twice

    rules = Rule.objects.filter(committee_id=p.city.pk, year=year, code__in=["M07", "M08"])
    assert sorted(rules.values_list("code", "points", "cap")) == [
        ("M07", Decimal("4.00"), Decimal("12.00")),
        ("M08", Decimal("3.00"), Decimal("12.00")),
    ]
    settings.refresh_from_db()
    assert settings.minimums[0]["codes"] == old.SPEECH_AFTER
    assert settings.minimums[1]["codes"] == ["M05"]  # a committee's own item stays


def test_earlier_standing_meeting_speeches_move_from_m05_to_their_rule_audited(
    p: Personas, member_zhao: Member
) -> None:
    standing = _meeting_with_speeches(p, Activity.Kind.STANDING, member_zhao, 0)
    consultation = _meeting_with_speeches(p, Activity.Kind.CONSULTATION, p.member_wang_record, 0)
    year = timezone.localdate().year
    # As the old table scored them: M05 at 8 points a speech.
    record_points(member=member_zhao, code="M05", source=standing, by=None, year=year, quantity=2)
    record_points(member=p.member_wang_record, code="M05", source=consultation, by=None, year=year)
    # A plenary oral speech from the plenary app is not an activity's: it stays M05.
    last_year = record_points(
        member=member_zhao, code="M05", source=standing, by=None, year=year - 1, quantity=1
    )

    move = _migration("consultations.migrations.0008_speeches_move_to_own_rules")
    move.move_speeches(apps, None)
    move.move_speeches(apps, None)  # a rerun finds nothing left to move

    assert _standing(member_zhao, standing) == [("M05", Decimal("8.00")), ("M07", Decimal("8.00"))]
    assert last_year.year == year - 1  # the archived year keeps its M05 entry
    assert PointEntry.objects.filter(pk=last_year.pk).standing().exists()
    assert _standing(p.member_wang_record, consultation) == [("M08", Decimal("3.00"))]
    reasons = list(
        AuditEvent.objects.filter(action="duty.points.reversed").values_list("data__reason", flat=True)
    )
    assert sum("发言改按本会议的积分项目计分" in r for r in reasons) == 2
    assert (
        AuditEvent.objects.filter(action="duty.points.recorded", data__moved_from__isnull=False).count() == 2
    )
    # Speeches recorded after the move update the moved entry.
    inv = Invitation.objects.select_related("activity", "member").get(activity=standing)
    Invitation.objects.filter(pk=inv.pk).update(speeches=2)
    inv.refresh_from_db()
    activities.speech_record(invitation=inv, by=p.activity_staff)
    assert ("M07", Decimal("12.00")) in _standing(member_zhao, standing)

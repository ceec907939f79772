"""Quality evaluation of consultations (协商质量评价, domain.md §4.3) and grassroots consultation
platforms (基层协商议事平台) with their activities, whose participating members score A04 (基层协商)
in the duty ledger."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.duty.services_attendance import attendance_mark
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member

from .. import config
from ..models import Consultation, Platform, PlatformActivity, Rating, Step

RATABLE = (Step.OUTCOME, Step.TRACKING, Step.FEEDBACK, Step.ARCHIVED)


def rating_save(*, consultation: Consultation, by: Any, scores: dict[str, Any], comment: str = "") -> Rating:
    """One rater's scores (rubric item id -> points); a second call replaces the rater's own."""
    if consultation.state not in RATABLE:
        raise DomainError("会议召开并报送成果后才能评价")
    items = {str(i.pk): i for i in config.rubric_for(consultation.committee_id)}
    clean: dict[str, str] = {}
    for key, item in items.items():
        raw = scores.get(key)
        try:
            value = Decimal(str(raw).strip())
        except (InvalidOperation, TypeError, ValueError):
            raise DomainError(f"请为“{item.name}”打分") from None
        if not value.is_finite() or value < 0 or value > item.max_points:
            raise DomainError(f"“{item.name}”的得分须在0至{item.max_points}之间")
        clean[key] = str(value.quantize(Decimal("0.1")))
    total = sum((Decimal(v) for v in clean.values()), Decimal(0))
    with transaction.atomic():
        rating, created = Rating.objects.update_or_create(
            consultation=consultation,
            rater=by,
            defaults={
                "committee_id": consultation.committee_id,
                "scores": clean,
                "total": total,
                "comment": comment.strip()[:500],
            },
        )
        record(action="consultations.rating.saved", obj=rating, by=by, data={"total": total, "new": created})
    return rating


def platform_create(
    *, committee_id: int, by: Any, name: str, level: str, township: str, village: str = ""
) -> Platform:
    name, township, village = name.strip(), township.strip(), village.strip()
    if not name or len(name) > 100:
        raise DomainError("请填写平台名称（不超过100个字）")
    if level not in Platform.Level.values:
        raise DomainError("请选择平台层级")
    if not township:
        raise DomainError("请填写所在乡镇（街道）")
    if level in (Platform.Level.VILLAGE, Platform.Level.COMMUNITY) and not village:
        raise DomainError("村（社区）平台请填写所在村（社区）")
    with transaction.atomic():
        platform = Platform.objects.create(
            committee_id=committee_id, name=name, level=level, township=township[:50], village=village[:50]
        )
        record(action="consultations.platform.created", obj=platform, by=by, data={"level": level})
    return platform


def platform_activity_record(
    *,
    platform: Platform,
    by: Any,
    held_on: date,
    topic: str,
    participants: int,
    problems_solved: int,
    result: str = "",
    members: Iterable[Member] = (),
) -> PlatformActivity:
    """Record a consultation held on the platform; the members who took part score A04."""
    topic = topic.strip()
    members = list(dict.fromkeys(members))
    if not topic or len(topic) > 200:
        raise DomainError("请填写协商事项（不超过200个字）")
    if held_on > timezone.localdate():
        raise DomainError("活动日期不能晚于今天")
    if participants < 0 or problems_solved < 0:
        raise DomainError("人数和问题数不能为负数")
    _own_members(platform.committee_id, members)
    if participants < len(members):
        raise DomainError("参加人数不能少于参加委员人数")
    with transaction.atomic():
        act = PlatformActivity.objects.create(
            committee_id=platform.committee_id, platform=platform, held_on=held_on, topic=topic,
            participants=participants, problems_solved=problems_solved, result=result.strip()[:5000], recorded_by=by,
        )  # fmt: skip
        if members:
            act.members.set(members)
        record(
            action="consultations.platform.activity_recorded",
            obj=act,
            by=by,
            data={"problems_solved": problems_solved, "members": [m.pk for m in members]},
        )
        for member in members:
            _participation(act, member, by, present=True)
    return act


def platform_activity_members_add(*, activity: PlatformActivity, by: Any, members: Iterable[Member]) -> int:
    """Add members who took part in a recorded grassroots consultation; each scores A04 once.
    Returns how many were added (members already recorded are left as they are)."""
    members = list(dict.fromkeys(members))
    if not members:
        raise DomainError("请选择参加的委员")
    _own_members(activity.committee_id, members)
    already = set(activity.members.values_list("pk", flat=True))
    new = [m for m in members if m.pk not in already]
    if not new:
        raise DomainError("所选委员已登记为参加委员")
    with transaction.atomic():
        activity.members.add(*new)
        record(
            action="consultations.platform.members_added",
            obj=activity,
            by=by,
            data={"members": [m.pk for m in new]},
        )
        for member in new:
            _participation(activity, member, by, present=True)
    return len(new)


def platform_activity_member_remove(*, activity: PlatformActivity, by: Any, member: Member) -> None:
    """Take a member off a grassroots consultation he or she did not attend after all; the A04
    entry is reversed (the ledger keeps both)."""
    if not activity.members.filter(pk=member.pk).exists():
        raise DomainError("该委员不是本次活动的参加委员")
    with transaction.atomic():
        activity.members.remove(member)
        record(
            action="consultations.platform.member_removed",
            obj=activity,
            by=by,
            data={"member": member.pk},
        )
        _participation(activity, member, by, present=False)


def _own_members(committee_id: int, members: list[Member]) -> None:
    if any(m.committee_id != committee_id for m in members):
        raise DomainError("参加委员须是本政协委员")


def _participation(activity: PlatformActivity, member: Member, by: Any, *, present: bool) -> None:
    # Duty's attendance entry point scores grassroots participation (A04) idempotently per member
    # and activity, and clearing it appends the reversing entry.
    attendance_mark(
        member=member,
        source=activity,
        kind="grassroots",
        status="present" if present else None,
        by=by,
        year=activity.held_on.year,
        reason="移出基层协商活动参加委员",
    )

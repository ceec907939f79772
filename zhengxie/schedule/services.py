"""Every write of the forward schedule: entries (staff), and each person's calendar feed address
(issued or revoked by the person)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Activity
from zhengxie.lib.crypto import sm3_hex
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role

from .models import ActivityLeader, Entry, FeedToken
from .selectors import committee_activities


def entry_create(
    *, committee_id: int, by: Any, kind: str, title: str, starts_at: datetime, ends_at: datetime, place: str = "",
    organiser: str = "", leaders: Iterable[Any] = (), note: str = "",
) -> Entry:  # fmt: skip
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()
    title, place, organiser, note = title.strip(), place.strip(), organiser.strip(), note.strip()
    leaders = list(leaders)
    problems = []
    if kind not in Entry.Kind.values:
        problems.append("请选择类型")
    if not title or len(title) > 200:
        problems.append("请填写事项（不超过200个字）")
    if ends_at <= starts_at:
        problems.append("结束时间须晚于开始时间")
    if len(place) > 100 or len(organiser) > 50 or len(note) > 300:
        problems.append("地点、承办处室或备注过长")
    leader_ids = set(
        RoleAssignment.objects.filter(committee_id=committee_id, role=Role.LEADER).values_list(
            "user_id", flat=True
        )
    )
    if any(u.pk not in leader_ids for u in leaders):
        problems.append("参加领导须是本政协的领导")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        entry = Entry.objects.create(
            committee_id=committee_id, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at, place=place,
            organiser=organiser, note=note, created_by=by,
        )  # fmt: skip
        if leaders:
            entry.leaders.set(leaders)
        record(action="schedule.entry.created", obj=entry, by=by, data={"kind": kind, "starts_at": starts_at})
    return entry


def entry_delete(*, entry: Entry, by: Any) -> None:
    if not has_role(by, entry.committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()
    with transaction.atomic():
        record(action="schedule.entry.deleted", obj=entry, by=by, data={"title": entry.title})
        entry.leaders.clear()
        Entry.objects.filter(pk=entry.pk).delete()


def feed_issue(*, user: Any) -> str:
    """A new calendar address for the user; the old one stops working. The secret is shown once."""
    value = secrets.token_urlsafe(32)
    with transaction.atomic():
        FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        token = FeedToken.objects.create(user=user, digest=sm3_hex(value.encode()), prefix=value[:8])
        record(action="schedule.feed.issued", obj=user, by=user, data={"token": token.pk})
    return value


def feed_revoke(*, user: Any) -> int:
    with transaction.atomic():
        n = FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if n:
            record(action="schedule.feed.revoked", obj=user, by=user)
    return n


def feed_user(value: str) -> Any | None:
    """The active user whose live feed address this is, or None."""
    if not value or len(value) > 100:
        return None
    token = (
        FeedToken.objects.filter(digest=sm3_hex(value.encode()), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user


def activity_leaders_set(*, committee_id: int, activity: Activity, leaders: Iterable[Any], by: Any) -> None:
    """Name the committee's leaders who attend an activity it holds or co-organises (参加领导); the
    committee's earlier choice for the activity is replaced. Other organisers' leaders stay."""
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()
    if not committee_activities(committee_id).filter(pk=activity.pk).exists():
        raise DomainError("该活动不是本会主办或联办的活动")
    if activity.state == Activity.State.CANCELLED:
        raise DomainError("活动已取消")
    leaders = list(leaders)
    leader_ids = set(
        RoleAssignment.objects.filter(committee_id=committee_id, role=Role.LEADER).values_list(
            "user_id", flat=True
        )
    )
    if any(u.pk not in leader_ids for u in leaders):
        raise DomainError("参加领导须是本政协的领导")
    with transaction.atomic():
        ActivityLeader.objects.filter(committee_id=committee_id, activity=activity).delete()
        # A leader named by another organiser already attends; the row stays theirs.
        taken = set(ActivityLeader.objects.filter(activity=activity).values_list("user_id", flat=True))
        ActivityLeader.objects.bulk_create(
            [
                ActivityLeader(committee_id=committee_id, activity=activity, user=u)
                for u in leaders
                if u.pk not in taken
            ]
        )
        record(
            action="schedule.activity.leaders",
            obj=activity,
            by=by,
            data={"committee": committee_id, "leaders": sorted(u.pk for u in leaders)},
        )

"""A briefing meeting (知情明政通报会) is an activity with its materials: from a briefing the
activity staff arrange the meeting — an activity of consultations (学习培训, so attendance feeds
the duty ledger like any other) with invitations following the briefing's audience, its agenda
and documents kept by the materials app — or link an activity already planned. The briefing keeps the activity's
id (notices.announcements.meeting_link); there is no second meeting model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from zhengxie.consultations.models import Activity
from zhengxie.consultations.permissions import is_staff
from zhengxie.consultations.services.activities import activity_create, invite
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices import announcements
from zhengxie.notices.models import Announcement
from zhengxie.org.models import Member

A = Announcement.Audience
MEETING_KIND = Activity.Kind.TRAINING


@dataclass
class MeetingData:
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str


def _check(announcement: Announcement, by: Any) -> None:
    if not is_staff(by, announcement.committee_id):
        raise NotAllowed("只有会议活动工作人员可以安排通报会")
    if announcement.kind != Announcement.Kind.BRIEFING:
        raise DomainError("只有知情明政通报可以安排通报会")
    if announcement.activity_id:
        raise DomainError("该通报已安排通报会")


def linkable(announcement: Announcement) -> QuerySet[Activity]:
    """Activities of the committee that can become the briefing's meeting: planned ones."""
    return Activity.objects.filter(
        committee_id=announcement.committee_id, state=Activity.State.PLANNED
    ).order_by("starts_at", "id")


def _invite_audience(activity: Activity, announcement: Announcement, by: Any) -> int:
    if announcement.audience == A.STANDING:
        return invite(activity=activity, by=by, standing=True)
    if announcement.audience == A.SECTOR and announcement.sector is not None:
        return invite(activity=activity, by=by, sectors=[announcement.sector])
    if announcement.audience == A.SPECIAL and announcement.special_committee is not None:
        return invite(activity=activity, by=by, specials=[announcement.special_committee])
    members = Member.objects.filter(committee_id=announcement.committee_id, is_active=True)
    return invite(activity=activity, by=by, members=members)


def meeting_arrange(*, announcement: Announcement, by: Any, data: MeetingData) -> Activity:
    """Arrange the briefing's meeting: the activity and the invitations of the briefing's audience
    (each told), all or nothing. The agenda and documents belong to the materials app (the page
    saves the agenda in the same transaction)."""
    _check(announcement, by)
    with transaction.atomic():
        activity = activity_create(
            committee_id=announcement.committee_id,
            by=by,
            kind=MEETING_KIND,
            title=data.title,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            place=data.place,
        )
        _invite_audience(activity, announcement, by)
        announcements.meeting_link(announcement=announcement, activity_id=activity.pk, by=by)
    return activity


def meeting_link(*, announcement: Announcement, by: Any, activity_id: Any) -> Activity:
    """Link an activity already planned as the briefing's meeting."""
    _check(announcement, by)
    try:
        activity = linkable(announcement).get(pk=int(activity_id))
    except (Activity.DoesNotExist, TypeError, ValueError) as exc:
        raise DomainError("请选择本政协筹备中的活动") from exc
    with transaction.atomic():
        announcements.meeting_link(announcement=announcement, activity_id=activity.pk, by=by)
    return activity

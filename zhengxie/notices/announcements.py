"""Announcements and briefings (通知公告, 知情明政通报): the office publishes one to chosen members
of its committee (all, the standing members, a sector, a special committee) with attachments;
each recipient gets a read receipt and a notice; opening it records the reading; the office sees
who has read it and reminds those who have not, and the job `remind_required_unread` chases the
unread of a required one once, two days after publication (claimed with a conditional UPDATE)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.controlchars import CONTROL_CHARACTERS
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.uploads import check_attachment
from zhengxie.org.models import Member, Sector, SpecialCommittee
from zhengxie.org.roles import Role
from zhengxie.org.scope import assignments, roles_in

from .models import Announcement, AnnouncementFile, Receipt
from .services import notify

A = Announcement.Audience
PUBLISHERS = frozenset({Role.ACTIVITY_STAFF, Role.INFO_STAFF, Role.PROPOSAL_STAFF, Role.SUPERVISION_STAFF})
READERS = PUBLISHERS | {Role.LEADER}
MAX_FILES = 5
REMIND_AFTER = timedelta(days=2)


@dataclass
class AnnouncementData:
    title: str
    body: str
    kind: str = Announcement.Kind.NOTICE
    audience: str = A.ALL
    sector: Sector | None = None
    special_committee: SpecialCommittee | None = None
    required: bool = False


def audience_members(committee_id: int, data: AnnouncementData) -> QuerySet[Member]:
    """The committee's serving members with an account, narrowed to the chosen group."""
    members = Member.objects.filter(committee_id=committee_id, is_active=True, person__user__isnull=False)
    if data.audience == A.STANDING:
        members = members.filter(is_standing=True)
    elif data.audience == A.SECTOR:
        members = members.filter(sector=data.sector)
    elif data.audience == A.SPECIAL:
        members = members.filter(special_committee=data.special_committee)
    return members


def _problems(committee_id: int, data: AnnouncementData) -> list[str]:
    problems: list[str] = []
    if CONTROL_CHARACTERS.search(data.title) or CONTROL_CHARACTERS.search(data.body):
        return ["内容含有不可见的控制字符，请删除后重新提交"]
    if not data.title.strip():
        problems.append("请填写标题")
    elif len(data.title.strip()) > 200:
        problems.append("标题不能超过200字")
    if not data.body.strip():
        problems.append("请填写正文")
    elif len(data.body) > 20000:
        problems.append("正文不能超过20000字")
    if data.kind not in Announcement.Kind.values:
        problems.append("请选择类别")
    if data.audience not in A.values:
        problems.append("请选择发送范围")
    if data.audience == A.SECTOR and (data.sector is None or data.sector.committee_id != committee_id):
        problems.append("请选择本政协的界别")
    if data.audience == A.SPECIAL and (
        data.special_committee is None or data.special_committee.committee_id != committee_id
    ):
        problems.append("请选择本政协的专委会")
    return problems


def detail_url(announcement: Announcement) -> str:
    return reverse("notices:announcement_detail", args=[announcement.pk])


def announcement_publish(
    *, committee_id: int, by: Any, data: AnnouncementData, files: Sequence[UploadedFile] = ()
) -> Announcement:
    if not roles_in(by, committee_id) & PUBLISHERS:
        raise NotAllowed()
    problems = _problems(committee_id, data)
    if problems:
        raise DomainError("；".join(problems))
    if len(files) > MAX_FILES:
        raise DomainError(f"附件最多{MAX_FILES}个")
    names = [check_attachment(f) for f in files]
    members = list(audience_members(committee_id, data).select_related("person").order_by("id"))
    if not members:
        raise DomainError("所选范围内没有可接收的委员（须有登录账号）")
    with transaction.atomic():
        announcement = Announcement.objects.create(
            committee_id=committee_id,
            kind=data.kind,
            title=data.title.strip(),
            body=data.body.strip(),
            audience=data.audience,
            sector=data.sector if data.audience == A.SECTOR else None,
            special_committee=data.special_committee if data.audience == A.SPECIAL else None,
            required=data.required,
            published_by=by,
            published_at=timezone.now(),
        )
        for upload, name in zip(files, names, strict=True):
            AnnouncementFile.store(
                upload=upload, name=name, by=by, committee_id=committee_id, announcement=announcement
            )
        seen: set[int] = set()
        receipts = []
        for m in members:
            user_id = m.person.user_id
            if user_id is not None and user_id not in seen:
                seen.add(user_id)
                receipts.append(Receipt(announcement=announcement, user_id=user_id, name=m.person.name))
        Receipt.objects.bulk_create(receipts, batch_size=1000)
        Announcement.objects.filter(pk=announcement.pk).update(recipients=len(receipts))
        announcement.recipients = len(receipts)
        record(
            action="notices.announcement.published",
            obj=announcement,
            by=by,
            data={"audience": data.audience, "recipients": len(receipts), "files": len(names)},
        )
        transaction.on_commit(lambda: _tell(announcement, sorted(seen), "new"))
    return announcement


def _tell(announcement: Announcement, user_ids: Sequence[int], round_key: str) -> None:
    from django.contrib.auth import get_user_model

    kind = announcement.get_kind_display()
    prefix = "请阅知：" if round_key != "new" else f"{kind}："
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        notify(
            recipient=user,
            key=f"announcement:{announcement.pk}:{round_key}",
            title=f"{prefix}{announcement.title}"[:200],
            url=detail_url(announcement),
            committee_id=announcement.committee_id,
        )


def receipt_read(*, announcement: Announcement, user: Any) -> bool:
    """Record that the recipient opened it (the first time only); False if not a recipient."""
    updated = Receipt.objects.filter(announcement=announcement, user_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return bool(updated)


def remind_unread(*, announcement: Announcement, by: Any) -> int:
    """The office reminds every recipient who has not read it yet (once a day at most)."""
    if not roles_in(by, announcement.committee_id) & PUBLISHERS:
        raise NotAllowed()
    unread = list(
        Receipt.objects.filter(announcement=announcement, read_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    if not unread:
        raise DomainError("所有接收人都已阅读")
    day = timezone.localdate().isoformat()
    with transaction.atomic():
        record(action="notices.announcement.reminded", obj=announcement, by=by, data={"unread": len(unread)})
        transaction.on_commit(lambda: _tell(announcement, unread, f"remind:{day}"))
    return len(unread)


def remind_required_unread(now: datetime | None = None) -> int:
    """Chase the unread recipients of required announcements published over two days ago, once."""
    now = now or timezone.now()
    due = Announcement.objects.filter(
        required=True, auto_reminded_at__isnull=True, published_at__lte=now - REMIND_AFTER
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due[:200]):
        with transaction.atomic():
            if not Announcement.objects.filter(pk=pk, auto_reminded_at__isnull=True).update(
                auto_reminded_at=now
            ):
                continue
            announcement = Announcement.objects.get(pk=pk)
            unread = list(
                Receipt.objects.filter(announcement_id=pk, read_at__isnull=True).values_list(
                    "user_id", flat=True
                )
            )
            record(
                action="notices.announcement.reminded",
                obj=announcement,
                by=None,
                data={"unread": len(unread)},
            )
            transaction.on_commit(lambda a=announcement, u=unread: _tell(a, u, "remind:auto"))  # type: ignore[misc]
            sent += len(unread)
    return sent


def meeting_link(*, announcement: Announcement, activity_id: int, by: Any) -> Announcement:
    """Attach a briefing's meeting (an activity id; the caller checked the activity), once."""
    if announcement.kind != Announcement.Kind.BRIEFING:
        raise DomainError("只有知情明政通报可以安排通报会")
    if not Announcement.objects.filter(pk=announcement.pk, activity_id__isnull=True).update(
        activity_id=activity_id
    ):
        raise DomainError("该通报已安排通报会")
    announcement.activity_id = activity_id
    record(
        action="notices.announcement.meeting_linked", obj=announcement, by=by, data={"activity": activity_id}
    )
    return announcement


# --- reads ----------------------------------------------------------------------------------------


def _office_committees(user: Any) -> set[int]:
    return {c for c, r, _ in assignments(user) if r in READERS}


def visible(user: Any) -> QuerySet[Announcement]:
    """Announcements the user received, and every one of the committees whose office he or she is."""
    if not getattr(user, "is_authenticated", False):
        return Announcement.objects.none()
    reach = Q(receipts__user_id=user.pk)
    office = _office_committees(user)
    if office:
        reach |= Q(committee_id__in=office)
    return Announcement.objects.filter(pk__in=Announcement.objects.filter(reach).values("pk"))


def get_for_user(user: Any, pk: Any) -> Announcement:
    try:
        return visible(user).select_related("committee", "sector", "special_committee").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def received(user: Any, committee_id: int) -> QuerySet[Receipt]:
    return Receipt.objects.filter(user_id=user.pk, announcement__committee_id=committee_id).select_related(
        "announcement"
    )


def unread(user: Any, committee_id: int) -> QuerySet[Receipt]:
    return received(user, committee_id).filter(read_at__isnull=True)


def office_list(user: Any, committee_id: int) -> QuerySet[Announcement]:
    if committee_id not in _office_committees(user):
        return Announcement.objects.none()
    return Announcement.objects.filter(committee_id=committee_id).annotate(
        read=Count("receipts", filter=Q(receipts__read_at__isnull=False))
    )


def is_office(user: Any, committee_id: int) -> bool:
    return bool(roles_in(user, committee_id) & READERS)


def can_publish(user: Any, committee_id: int) -> bool:
    return bool(roles_in(user, committee_id) & PUBLISHERS)

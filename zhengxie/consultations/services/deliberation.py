"""Online deliberation (网络议政): a topic open for a period to invited members, threaded
comments, moderation by staff, a summary of opinions, and useful speeches (有效发言) that score
duty points (rule A03)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.duty.models import PointEntry
from zhengxie.duty.services import entry_reverse, record_points
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member, Sector, SpecialCommittee
from zhengxie.search.index import reindex

from ..models import Comment, Consultation, Deliberation

USEFUL_RULE = "A03"


def deliberation_open(
    *,
    committee_id: int,
    by: Any,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    members: Iterable[Member] = (),
    sectors: Iterable[Sector] = (),
    specials: Iterable[SpecialCommittee] = (),
    description: str = "",
    consultation: Consultation | None = None,
) -> Deliberation:
    """Open a topic to members chosen by name, by sector or by special committee."""
    title = title.strip()
    groups: list[Any] = [*sectors, *specials]
    if any(g.committee_id != committee_id for g in groups):
        raise DomainError("所选界别或专委会不属于本政协")
    members = list(members)
    if groups:
        by_group = Member.objects.filter(
            Q(sector__in=list(sectors)) | Q(special_committee__in=list(specials)),
            committee_id=committee_id,
            is_active=True,
        )
        members = list({m.pk: m for m in [*members, *by_group]}.values())
    if not title or len(title) > 200:
        raise DomainError("请填写议题（不超过200个字）")
    if closes_at <= opens_at:
        raise DomainError("结束时间须晚于开始时间")
    if not members:
        raise DomainError("请选择受邀委员")
    if any(m.committee_id != committee_id for m in members):
        raise DomainError("受邀委员须是本政协委员")
    if consultation is not None and consultation.committee_id != committee_id:
        raise DomainError("所属协商不属于本政协")
    with transaction.atomic():
        d = Deliberation.objects.create(
            committee_id=committee_id, title=title, description=description.strip()[:5000], opens_at=opens_at,
            closes_at=closes_at, consultation=consultation, created_by=by,
        )  # fmt: skip
        d.members.set(members)
        reindex("deliberation", d.pk)
        record(action="consultations.deliberation.opened", obj=d, by=by, data={"members": len(members)})
    return d


def comment_post(
    *, deliberation: Deliberation, member: Member, by: Any, body: str, parent: Comment | None = None
) -> Comment:
    now = timezone.now()
    if now < deliberation.opens_at:
        raise DomainError("议政尚未开始")
    if now > deliberation.closes_at:
        raise DomainError("议政已结束")
    if not deliberation.members.filter(pk=member.pk).exists():
        raise DomainError("您不在本次网络议政的受邀名单中")
    body = body.strip()
    if not body:
        raise DomainError("请填写发言内容")
    if len(body) > 3000:
        raise DomainError("发言不能超过3000个字")
    if parent is not None and parent.deliberation_id != deliberation.pk:
        raise DomainError("回复的发言不属于本议题")
    with transaction.atomic():
        comment = Comment.objects.create(
            committee_id=deliberation.committee_id,
            deliberation=deliberation,
            member=member,
            body=body,
            parent=parent,
        )
        reindex("deliberation", comment.deliberation_id)
        record(
            action="consultations.comment.posted",
            obj=comment,
            by=by,
            data={"parent": getattr(parent, "pk", None)},
        )
    return comment


def comment_moderate(*, comment: Comment, by: Any, hide: bool, reason: str = "") -> Comment:
    if hide and not reason.strip():
        raise DomainError("请填写屏蔽理由")
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            hidden=hide, hidden_reason=reason.strip()[:200] if hide else ""
        )
        comment.hidden = hide
        reindex("deliberation", comment.deliberation_id)
        record(
            action="consultations.comment.moderated",
            obj=comment,
            by=by,
            data={"hidden": hide, "reason": reason},
        )
    return comment


def comment_mark_useful(*, comment: Comment, by: Any, useful: bool) -> Comment:
    """Mark (or unmark) a useful speech; the member scores rule A03 for it, once."""
    if useful and comment.hidden:
        raise DomainError("已屏蔽的发言不能标记为有效发言")
    if comment.useful == useful:
        return comment
    year = timezone.localtime(comment.created_at).year
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(useful=useful)
        comment.useful = useful
        if useful:
            record_points(
                member=comment.member, code=USEFUL_RULE, source=comment, by=by, year=year, again=True
            )
        else:
            for entry in PointEntry.objects.filter(
                member_id=comment.member_id, source_id=comment.pk, rule__code=USEFUL_RULE,
                source_type__model="comment", source_type__app_label="consultations",
            ).standing():  # fmt: skip
                entry_reverse(entry=entry, by=by, reason="取消有效发言")
        record(action="consultations.comment.useful", obj=comment, by=by, data={"useful": useful})
    return comment


def deliberation_summarise(*, deliberation: Deliberation, by: Any, summary: str) -> Deliberation:
    summary = summary.strip()
    if not summary:
        raise DomainError("请填写意见综述")
    with transaction.atomic():
        Deliberation.objects.filter(pk=deliberation.pk).update(summary=summary[:20000])
        deliberation.summary = summary[:20000]
        reindex("deliberation", deliberation.pk)
        record(action="consultations.deliberation.summarised", obj=deliberation, by=by)
    return deliberation

"""Writing and submitting items: members (alone or with co-authors), through a participating
unit (its liaison officer screens first), for a special committee, as an invited informant or a
liaison station. One item, one matter; attachments are checked by content before anything is
stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.duty.services import record_points
from zhengxie.lib.errors import Conflict, DomainError
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.workflow import transition
from zhengxie.org.models import Member, ParticipatingUnit, SpecialCommittee
from zhengxie.search.index import reindex

from ..models import Attachment, Author, Correspondent, Opinion, Revision
from ..permissions import actor_roles, liaison_units
from ..workflow import LABELS, TABLE
from .common import notify_info_staff, notify_users, text_problems

S = Opinion.State
C = Opinion.Channel
MAX_ATTACHMENTS = 5


@dataclass
class Draft:
    """What an author enters (one form, one API call)."""

    title: str
    body: str
    channel: str = C.MEMBER
    unit: ParticipatingUnit | None = None
    special_committee: SpecialCommittee | None = None
    coauthors: Sequence[Member] = field(default_factory=tuple)


def member_of(user: Any, committee_id: int) -> Member | None:
    """The user's own membership of the committee, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Member.objects.filter(committee_id=committee_id, person__user_id=user.pk, is_active=True)
        .select_related("person")
        .first()
    )


def correspondent_of(user: Any, committee_id: int, kind: str) -> Correspondent | None:
    return Correspondent.objects.filter(
        committee_id=committee_id, user_id=user.pk, kind=kind, is_active=True
    ).first()


def _credited(
    committee_id: int, by: Any, data: Draft
) -> tuple[list[Member], Correspondent | None, list[str]]:
    """(authors, correspondent, problems) for the chosen channel."""
    problems: list[str] = []
    me = member_of(by, committee_id)
    correspondent = None
    if data.channel in (C.INFORMANT, C.STATION):
        correspondent = correspondent_of(by, committee_id, data.channel)
        if correspondent is None:
            label = dict(C.choices)[data.channel]
            problems.append(f"您不是本政协登记的{label}，不能以此渠道报送")
    elif data.channel in (C.MEMBER, C.UNIT, C.SPECIAL):
        if me is None and not (data.channel == C.UNIT and data.unit and data.unit.pk in liaison_units(by)):
            problems.append("您不是本政协委员，不能以委员身份报送")
    else:
        problems.append("报送渠道无效")
    if data.channel == C.UNIT and (data.unit is None or data.unit.committee_id != committee_id):
        problems.append("请选择本政协的参加单位")
    if data.channel == C.SPECIAL:
        if data.special_committee is None or data.special_committee.committee_id != committee_id:
            problems.append("请选择本政协的专门委员会")
        elif me is not None and me.special_committee_id != data.special_committee.pk:
            problems.append("您不是该专门委员会的委员")
    authors = [me] if me is not None else []
    for member in data.coauthors:
        if member.committee_id != committee_id:
            problems.append("联名委员须是本政协委员")
            break
        if all(member.pk != a.pk for a in authors):
            authors.append(member)
    if len(authors) > 20:
        problems.append("联名委员不能超过20人")
    return authors, correspondent, problems


def check_uploads(uploads: Sequence[UploadedFile]) -> list[str]:
    if len(uploads) > MAX_ATTACHMENTS:
        raise DomainError(f"附件不能超过{MAX_ATTACHMENTS}个")
    return [check_attachment(u) for u in uploads]


def opinion_create(
    *,
    committee_id: int,
    by: Any,
    data: Draft,
    submit: bool = True,
    uploads: Sequence[UploadedFile] = (),
) -> Opinion:
    """Save a draft and, unless `submit` is False, submit it at once."""
    authors, correspondent, problems = _credited(committee_id, by, data)
    problems = text_problems(data.title, data.body) + problems
    if problems:
        raise DomainError("；".join(problems))
    names = check_uploads(uploads)  # every file is checked before anything is stored
    with transaction.atomic():
        opinion = Opinion.objects.create(
            committee_id=committee_id,
            title=data.title.strip(),
            body=data.body.strip(),
            channel=data.channel,
            unit=data.unit if data.channel == C.UNIT else None,
            special_committee=data.special_committee if data.channel == C.SPECIAL else None,
            correspondent=correspondent,
            year=timezone.localdate().year,
            created_by=by,
        )
        Author.objects.bulk_create(Author(opinion=opinion, member=m, order=i) for i, m in enumerate(authors))
        for upload, name in zip(uploads, names, strict=True):
            _store(opinion, by, upload, name)
        reindex("opinion", opinion.pk)
        record(
            action="opinions.opinion.created",
            obj=opinion,
            by=by,
            data={"channel": opinion.channel, "authors": [a.pk for a in authors], "unit": opinion.unit_id},
        )
        if submit:
            opinion_submit(opinion=opinion, by=by)
    return opinion


def _store(opinion: Opinion, by: Any, upload: UploadedFile, name: str) -> Attachment:
    attachment: Attachment = Attachment.store(
        upload=upload, name=name, by=by, committee_id=opinion.committee_id, opinion=opinion
    )
    record(
        action="opinions.attachment.added", obj=opinion, by=by, data={"name": name, "size": attachment.size}
    )
    return attachment


def attachment_add(*, opinion: Opinion, by: Any, upload: UploadedFile) -> Attachment:
    """Attach a file to one's own item while it is still with the author."""
    if opinion.created_by_id != by.pk or opinion.state not in (S.DRAFT, S.RETURNED):
        raise DomainError("只能在草稿或退回修改时为自己的信息添加附件")
    if opinion.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError(f"附件不能超过{MAX_ATTACHMENTS}个")
    name = check_attachment(upload)
    with transaction.atomic():
        return _store(opinion, by, upload, name)


def _first_stop(opinion: Opinion, by: Any) -> str:
    """Unit items go to the unit's liaison officer first, unless the liaison submits them."""
    if opinion.channel == C.UNIT and opinion.unit_id not in liaison_units(by):
        return S.UNIT_REVIEW
    return S.RECEIVED


def _write_revision(opinion: Opinion, by: Any, note: str) -> Revision:
    number = (opinion.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    revision = Revision.objects.create(
        opinion=opinion, number=number, title=opinion.title, body=opinion.body, note=note, edited_by=by
    )
    reindex("opinion", opinion.pk)
    return revision


def received(opinion: Opinion, by: Any) -> None:
    """The item reached the information centre: the authors' 报送 points, the centre's notice."""
    for author in opinion.author_rows.select_related("member"):
        record_points(member=author.member, code="S01", source=opinion, by=by, year=opinion.year)
    notify_info_staff(
        opinion.committee_id,
        key=f"received:{opinion.pk}",
        title=f"新报送的社情民意信息：{opinion.title[:40]}",
        url=reverse("opinions:detail", args=[opinion.pk]),
    )


def arrived(opinion: Opinion, to: str, by: Any) -> None:
    """Whoever the item now waits for is told: the centre, or the unit's liaison officers."""
    if to == S.RECEIVED:
        received(opinion, by)
    elif to == S.UNIT_REVIEW and opinion.unit_id:
        liaisons = Correspondent.objects.filter(
            unit_id=opinion.unit_id, kind=Correspondent.Kind.LIAISON, is_active=True, user__isnull=False
        ).values_list("user_id", flat=True)
        notify_users(
            liaisons,
            committee_id=opinion.committee_id,
            key=f"unit_review:{opinion.pk}:{opinion.version}",
            title=f"待本单位审核的社情民意信息：{opinion.title[:40]}",
            url=reverse("opinions:detail", args=[opinion.pk]),
        )


def opinion_submit(*, opinion: Opinion, by: Any) -> Opinion:
    to = _first_stop(opinion, by)
    with transaction.atomic():
        transition(
            opinion,
            table=TABLE,
            to=to,
            by=by,
            roles=actor_roles(by, opinion),
            state_labels=LABELS,
            fields={"submitted_at": timezone.now()},
        )
        if not opinion.revisions.exists():
            _write_revision(opinion, by, "原稿")
        arrived(opinion, to, by)
    return opinion


def opinion_resubmit(*, opinion: Opinion, by: Any, title: str, body: str) -> Opinion:
    """The author revises a returned item and sends it again (the first text stays as version 1)."""
    problems = text_problems(title, body)
    if problems:
        raise DomainError("；".join(problems))
    if opinion.state != S.RETURNED:
        raise DomainError(f"当前状态为“{LABELS[opinion.state]}”，不能重新报送")
    with transaction.atomic():
        updated = Opinion.objects.filter(pk=opinion.pk, version=opinion.version).update(
            title=title.strip(), body=body.strip(), version=F("version") + 1
        )
        if updated != 1:
            raise Conflict()
        opinion.title, opinion.body, opinion.version = title.strip(), body.strip(), opinion.version + 1
        _write_revision(opinion, by, "作者修改后重新报送")
        to = _first_stop(opinion, by)
        transition(opinion, table=TABLE, to=to, by=by, roles=actor_roles(by, opinion), state_labels=LABELS)
        arrived(opinion, to, by)
    return opinion


def opinion_unit_forward(*, opinion: Opinion, by: Any) -> Opinion:
    """The unit's liaison officer passes a screened item on to the committee."""
    with transaction.atomic():
        transition(
            opinion, table=TABLE, to=S.RECEIVED, by=by, roles=actor_roles(by, opinion), state_labels=LABELS
        )
        received(opinion, by)
    return opinion

"""书香政协: reading groups with a book list, members' reading notes and comments, outstanding
notes picked by staff (published, and scored L04 in the duty ledger once; undoing the pick reverses
the points), and 委员讲坛 lectures linked to a meeting activity."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.duty import services as duty
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Member
from zhengxie.search.index import reindex

from ..models import Book, Course, Lecture, Note, NoteComment, ReadingGroup

NOTE_CODE = "L04"
MAX_BODY = 20_000


def group_create(
    *,
    committee_id: int,
    name: str,
    description: str,
    member_ids: list[int],
    books: list[tuple[str, str]],
    by: Any,
) -> ReadingGroup:
    name = name.strip()
    if not name:
        raise DomainError("请填写读书群名称")
    members = list(Member.objects.filter(committee_id=committee_id, pk__in=member_ids, is_active=True))
    if not members:
        raise DomainError("请至少选择一名本级委员")
    with transaction.atomic():
        group = ReadingGroup.objects.create(
            committee_id=committee_id, name=name[:100], description=description.strip(), created_by=by
        )
        group.members.set(members)
        Book.objects.bulk_create(
            Book(group=group, title=t.strip()[:200], author=a.strip()[:100], order=i)
            for i, (t, a) in enumerate(books)
            if t.strip()
        )
        record(action="learning.group.created", obj=group, by=by, data={"members": len(members)})
    return group


def book_add(*, group: ReadingGroup, title: str, author: str, by: Any) -> Book:
    if not title.strip():
        raise DomainError("请填写书名")
    with transaction.atomic():
        book = Book.objects.create(
            group=group, title=title.strip()[:200], author=author.strip()[:100], order=999
        )
        record(action="learning.book.added", obj=group, by=by, data={"title": book.title})
    return book


def _in_group(group: ReadingGroup, member: Member | None) -> Member:
    if member is None or not group.members.filter(pk=member.pk).exists():
        raise DomainError("只有读书群成员可以发表心得和评论")
    return member


def note_create(
    *, group: ReadingGroup, member: Member | None, title: str, body: str, book_id: int | None, by: Any
) -> Note:
    author = _in_group(group, member)
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise DomainError("请填写心得标题和正文")
    if len(body) > MAX_BODY:
        raise DomainError(f"心得正文不能超过{MAX_BODY}字")
    if book_id is not None and not group.books.filter(pk=book_id).exists():
        raise DomainError("所选书目不在本读书群书单中")
    with transaction.atomic():
        note = Note.objects.create(
            committee_id=group.committee_id,
            group=group,
            book_id=book_id,
            author=author,
            title=title[:200],
            body=body,
        )
        record(action="learning.note.created", obj=note, by=by, data={"group": group.pk})
        reindex("note", note.pk)
    return note


def comment_add(*, note: Note, member: Member | None, body: str, by: Any) -> NoteComment:
    author = _in_group(note.group, member)
    body = body.strip()
    if not body:
        raise DomainError("请填写评论内容")
    if len(body) > 2000:
        raise DomainError("评论不能超过2000字")
    with transaction.atomic():
        comment = NoteComment.objects.create(note=note, author=author, body=body)
        record(action="learning.note.commented", obj=note, by=by, data={"comment": comment.pk})
        reindex("note", note.pk)
    return comment


def note_pick(*, note: Note, by: Any) -> Note:
    """Staff pick the note as outstanding: it is published to the committee and scores once."""
    now = timezone.now()
    with transaction.atomic():
        if not Note.objects.filter(pk=note.pk, outstanding_at__isnull=True).update(outstanding_at=now):
            raise DomainError("该心得已评为优秀")
        note.outstanding_at = now
        record(action="learning.note.picked", obj=note, by=by, data={"author": note.author_id})
        reindex("note", note.pk)
        rule = duty.rule_get(note.committee_id, now.year, NOTE_CODE)
        if rule.is_active:
            duty.record_points(
                member=note.author,
                code=NOTE_CODE,
                source=note,
                by=by,
                year=timezone.localdate(now).year,
                note=f"读书心得《{note.title}》被评为优秀",
                again=True,
            )
    return note


def note_unpick(*, note: Note, by: Any, reason: str) -> Note:
    reason = reason.strip() or "取消优秀心得"
    with transaction.atomic():
        if not Note.objects.filter(pk=note.pk, outstanding_at__isnull=False).update(outstanding_at=None):
            raise DomainError("该心得不是优秀心得")
        note.outstanding_at = None
        duty.entries_reverse_for_source(source=note, by=by, reason=reason[:300])
        record(action="learning.note.unpicked", obj=note, by=by, data={"reason": reason})
        reindex("note", note.pk)
    return note


def lecture_create(
    *,
    committee_id: int,
    title: str,
    speaker: str,
    held_on: date,
    summary: str,
    activity_id: int | None,
    course: Course | None,
    by: Any,
) -> Lecture:
    if not title.strip() or not speaker.strip():
        raise DomainError("请填写讲题和主讲人")
    with transaction.atomic():
        lecture = Lecture.objects.create(
            committee_id=committee_id,
            title=title.strip()[:200],
            speaker=speaker.strip()[:100],
            held_on=held_on,
            summary=summary.strip(),
            activity_id=activity_id,
            course=course,
            created_by=by,
        )
        record(action="learning.lecture.created", obj=lecture, by=by, data={"activity": activity_id})
    return lecture

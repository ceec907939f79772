"""Reading notes (读书心得): title, text and the group's comments. Read by the group and the
committee's staff; an outstanding note is published to the committee."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Note, NoteComment
from ..permissions import notes_visible

LABEL = "读书心得"
MODELS = ("learning.note",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Note.objects.only("committee_id", "title", "body", "outstanding_at", "created_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        comments: dict[int, list[str]] = {}
        for note_id, body in (
            NoteComment.objects.filter(note__in=[n.pk for n in batch])
            .order_by("id")
            .values_list("note_id", "body")
        ):
            comments.setdefault(note_id, []).append(body)
        for n in batch:
            yield Doc(
                kind="note",
                object_id=n.pk,
                committee_id=n.committee_id,
                title=n.title,
                body="\n".join([n.body, *comments.get(n.pk, [])]),
                year=n.created_at.year,
                url=reverse("learning:note", args=[n.pk]),
                state="优秀心得" if n.outstanding_at else "",
                # Until it is picked as outstanding a note is its reading group's alone.
                office_open=n.outstanding_at is not None,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return notes_visible(user).values("pk")

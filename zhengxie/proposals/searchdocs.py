"""Proposals in the search index (settings.SEARCH_PROVIDERS): title, 情况/分析/建议 and the public
replies; who finds one is who may open it (`permissions.proposals_visible`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from .models import Proposal, PublicScope, Reply
from .permissions import PRIVATE_STATES, proposals_visible

LABEL = "提案"
MODELS = ("proposals.proposal",)
TEXT_FIELDS = ("title", "situation", "analysis", "suggestion")


def body(proposal: Proposal, replies: list[str]) -> str:
    return "\n".join(t for t in (proposal.situation, proposal.analysis, proposal.suggestion, *replies) if t)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Proposal.objects.only("committee_id", "year", "state", "category", *TEXT_FIELDS)
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        replies: dict[int, list[str]] = {}
        for proposal_id, text in (
            Reply.objects.filter(
                proposal__in=[p.pk for p in batch], state=Reply.State.APPROVED, public_scope=PublicScope.FULL
            )
            .order_by("id")
            .values_list("proposal_id", "text")
        ):
            replies.setdefault(proposal_id, []).append(text)
        for p in batch:
            yield Doc(
                kind="proposal",
                object_id=p.pk,
                committee_id=p.committee_id,
                title=p.title,
                body=body(p, replies.get(p.pk, [])),
                year=p.year,
                url=reverse("proposals:detail", args=[p.pk]),
                state=p.get_state_display(),
                category=p.category,
                office_open=p.state not in PRIVATE_STATES,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return proposals_visible(user).values("pk")

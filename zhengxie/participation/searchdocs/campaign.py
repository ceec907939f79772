"""Suggestion campaigns: the topic, its explanation, the closing summary and the published
contributions with their replies (never a pending or rejected one, nor a resident's name)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhengxie.org.models import Member
from zhengxie.org.scope import committee_ids
from zhengxie.search.index import Doc, chunks

from ..models import Campaign, Contribution
from ..permissions import READERS

LABEL = "建言征集"
MODELS = ("participation.campaign",)


def campaigns_visible(user: Any) -> QuerySet[Campaign]:
    """The campaign page's rule in every committee of the user: the office and leaders read all
    of their committee's; a member those open to all members, the public, or his or her sector."""
    if not getattr(user, "is_authenticated", False):
        return Campaign.objects.none()
    reach = Q(committee_id__in=committee_ids(user, READERS))
    for committee_id, sector_id in Member.objects.filter(person__user_id=user.pk, is_active=True).values_list(
        "committee_id", "sector_id"
    ):
        reach |= Q(committee_id=committee_id) & (
            Q(audience__in=[Campaign.Audience.MEMBERS, Campaign.Audience.PUBLIC])
            | Q(audience=Campaign.Audience.SECTOR, sector_id=sector_id)
        )
    return Campaign.objects.filter(reach)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Campaign.objects.only("committee_id", "title", "description", "summary", "closed_at", "created_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        texts: dict[int, list[str]] = {}
        for campaign_id, body, reply in (
            Contribution.objects.filter(
                campaign__in=[c.pk for c in batch], state=Contribution.State.PUBLISHED
            )
            .order_by("id")
            .values_list("campaign_id", "body", "reply")
        ):
            texts.setdefault(campaign_id, []).extend([body, reply])
        for c in batch:
            yield Doc(
                kind="campaign",
                object_id=c.pk,
                committee_id=c.committee_id,
                title=c.title,
                body="\n".join(p for p in (c.description, c.summary, *texts.get(c.pk, [])) if p),
                year=c.created_at.year,
                url=reverse("participation:campaign_detail", args=[c.pk]),
                state="已结束" if c.closed_at else "征集中",
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return campaigns_visible(user).values("pk")

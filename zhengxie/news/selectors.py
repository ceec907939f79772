"""Reads of 要闻动态 and 政协知识: a section's list for a reader or the office, and the latest
few for the home page."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import Article
from .permissions import readable_by_members

HOME_COUNT = 5
LIST_FIELDS = ("committee_id", "section", "title", "summary", "cover", "state", "published_at", "shared_down")


def articles(user: Any, *, section: str, committee_id: int, office: bool, q: str = "") -> QuerySet[Article]:
    """A section's articles open to readers of the committee (shared ones from above included);
    the office also sees its own drafts and withdrawn articles."""
    qs = readable_by_members(committee_id)
    if office:
        qs = qs | Article.objects.filter(committee_id=committee_id)
    qs = qs.filter(section=section).select_related("committee").only(*LIST_FIELDS, "committee__name")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return qs


def latest(user: Any, committee_id: int, count: int = HOME_COUNT) -> list[Article]:
    """The newest open news items for a reader of `committee_id` (the caller checked the
    reader's role there), newest publishing time first."""
    qs = readable_by_members(committee_id).filter(section=Article.Section.NEWS)
    return list(qs.only("title", "published_at", "committee_id").order_by("-published_at", "-id")[:count])

"""Grassroots platforms in the search index (settings.SEARCH_PROVIDERS): one provider module per
kind of record a person looks for; each finds what its page rule (`permissions`) lets the user
open."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhengxie.consultations.models import Platform
from zhengxie.org.scope import committee_ids

from ..permissions import platforms_visible


def platforms_of(user: Any) -> QuerySet[Platform]:
    """The platforms the user sees in each of his or her committees (`platforms_visible` is the
    rule of one committee; the index serves all of them at once)."""
    reach = Q(pk__in=[])
    for committee_id in sorted(committee_ids(user)):
        reach |= Q(pk__in=platforms_visible(user, committee_id).values("pk"))
    return Platform.objects.filter(reach)

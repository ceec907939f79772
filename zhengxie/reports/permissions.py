"""Who reads which committee's reports: the staff and leaders of a committee read its own and
those of every committee below it (a city its counties, a province its cities and counties);
nobody reads a sibling's or a parent's. Outside that reach a page is 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from zhengxie.org.models import Committee
from zhengxie.org.roles import STAFF_ROLES
from zhengxie.org.scope import committee_ids
from zhengxie.org.selectors import subtree_ids


def reachable(user: Any) -> set[int]:
    """The committees whose reports the user may open."""
    reach: set[int] = set()
    for committee_id in committee_ids(user, STAFF_ROLES):
        if committee_id not in reach:
            reach |= subtree_ids(committee_id)
    return reach


def get_committee_for_user(user: Any, raw: str, default: int | None) -> tuple[Committee, set[int]]:
    """The committee asked for (`raw`, or the user's current one) and the user's reach; 404 when
    it is outside the reach."""
    reach = reachable(user)
    pk = int(raw) if raw.isdigit() else default
    if pk is None or pk not in reach:
        raise Http404
    committee = Committee.objects.filter(pk=pk).first()
    if committee is None:
        raise Http404
    return committee, reach

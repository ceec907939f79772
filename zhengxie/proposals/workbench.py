"""Proposals' pending items on the home page: for proposal staff, the proposals waiting at each
review stage (初审, 复审…). Two queries whatever the counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse

from zhengxie.lib.pending import PendingItem
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .config import settings_for
from .models import Proposal

IN_REVIEW = (Proposal.State.SUBMITTED, Proposal.State.REVIEWING)


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    if Role.PROPOSAL_STAFF not in roles_in(user, committee_id):
        return []
    stages = settings_for(committee_id).review_stages
    counts = dict(
        Proposal.objects.filter(committee_id=committee_id, state__in=IN_REVIEW)
        .values_list("review_stage")
        .annotate(n=Count("id"))
        .values_list("review_stage", "n")
    )
    queue = reverse("proposals:queue")
    result: list[PendingItem] = []
    for index, name in enumerate(stages):
        # A committee that dropped a stage keeps its proposals visible under the last one.
        n = counts.get(index, 0) + (
            sum(v for k, v in counts.items() if k >= len(stages)) if index == len(stages) - 1 else 0
        )
        if n:
            result.append(PendingItem(f"待{name}的提案", n, f"{queue}?stage={index}"))
    return result

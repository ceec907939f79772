"""Background jobs of proposals. Thin: they find the due rows and call the services, which claim
each row with a compare-and-set, so a rerun or a second worker moves nothing twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from .models import Assignment, Proposal
from .services.evaluation import close_after_rating
from .services.item_sync import key_item_report_late, key_items_to_report, overdue_assignments, urge_item_open
from .services.submission import close_cosigning

P = Proposal.State
BATCH = 500


def _each(qs: QuerySet[Any]) -> Iterator[Any]:
    """Every row of `qs` in id order, a batch at a time, each loaded fresh."""
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        yield from batch
        last = batch[-1].pk


@task()
def close_due() -> dict[str, int]:
    """Daily: submit joint proposals whose co-signing period has passed, close replied proposals
    whose rating period has passed without dissatisfaction, and chase each replying unit past
    its due date with a 催办 supervision item (its warning colour set at once: red), and hand
    the replies of replied key proposals to key items the leader approved only afterwards."""
    today = timezone.localdate()
    submitted = closed = 0
    for proposal in _each(Proposal.objects.filter(state=P.COSIGNING, cosign_until__lt=today)):
        submitted += close_cosigning(proposal=proposal)
    for proposal in _each(Proposal.objects.filter(state=P.REPLIED, rating_until__lt=today)):
        closed += close_after_rating(proposal=proposal)
    late: QuerySet[Assignment] = overdue_assignments(today).select_related("proposal", "unit")
    urged = sum(urge_item_open(assignment=assignment, today=today) is not None for assignment in _each(late))
    reported = sum(key_item_report_late(item=item) is not None for item in _each(key_items_to_report()))
    return {"submitted": submitted, "closed": closed, "urged": urged, "reported": reported}

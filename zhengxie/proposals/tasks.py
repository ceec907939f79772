"""Background jobs of proposals. Thin: they find the due rows and call the services, which claim
each row with a compare-and-set, so a rerun or a second worker moves nothing twice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from zhengxie.lib.batch import batch

from .models import Assignment, Proposal
from .services.evaluation import close_after_rating
from .services.item_sync import key_item_report_late, key_items_to_report, overdue_assignments, urge_item_open
from .services.submission import close_cosigning
from .services.topics import tell_members_published

P = Proposal.State
BATCH = 200  # rows per transaction


def _batches(qs: QuerySet[Any]) -> Iterator[list[Any]]:
    """Every row of `qs` in id order, a batch at a time, each batch loaded fresh."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _each_batched(qs: QuerySet[Any], handle: Callable[[Any], bool]) -> int:
    """Handle every row of `qs`, a batch of rows per transaction (`lib.batch`: one commit, one
    audit insert and the shared lookups once per batch); returns how many `handle` did."""
    done = 0
    for rows in _batches(qs):
        with batch():
            done += sum(bool(handle(row)) for row in rows)
    return done


def _due(today: Any) -> tuple[QuerySet[Proposal], QuerySet[Proposal], QuerySet[Assignment], QuerySet[Any]]:
    """The four kinds of due rows of the daily job: joint proposals past co-signing, replied
    proposals past rating, replying shares past their due date, key items to report."""
    return (
        Proposal.objects.filter(state=P.COSIGNING, cosign_until__lt=today),
        Proposal.objects.filter(state=P.REPLIED, rating_until__lt=today),
        overdue_assignments(today).select_related("proposal", "unit"),
        key_items_to_report(),
    )


def run_due(committee_id: int | None = None) -> dict[str, int]:
    """Handle the due rows of one committee (or of all): each row through its service, claimed by
    compare-and-set, a batch of rows per transaction."""
    today = timezone.localdate()
    cosigning, replied, late, key_items = _due(today)
    if committee_id is not None:
        cosigning = cosigning.filter(committee_id=committee_id)
        replied = replied.filter(committee_id=committee_id)
        late = late.filter(proposal__committee_id=committee_id)
        key_items = key_items.filter(committee_id=committee_id)
    submitted = _each_batched(cosigning, lambda proposal: close_cosigning(proposal=proposal))
    closed = _each_batched(replied, lambda proposal: close_after_rating(proposal=proposal))
    urged = _each_batched(late, lambda share: urge_item_open(assignment=share, today=today) is not None)
    reported = _each_batched(key_items, lambda item: key_item_report_late(item=item) is not None)
    return {"submitted": submitted, "closed": closed, "urged": urged, "reported": reported}


def committees_with_due_work() -> list[int]:
    """The committees the daily job has something to do for today (a few grouped queries)."""
    cosigning, replied, late, key_items = _due(timezone.localdate())
    ids = set(cosigning.values_list("committee_id", flat=True).distinct())
    ids |= set(replied.values_list("committee_id", flat=True).distinct())
    ids |= set(late.order_by().values_list("proposal__committee_id", flat=True).distinct())
    ids |= set(key_items.values_list("committee_id", flat=True).distinct())
    return sorted(ids)


@task()
def close_due() -> dict[str, int]:
    """Daily, in one process: submit joint proposals whose co-signing period has passed, close
    replied proposals whose rating period has passed without dissatisfaction, and chase each
    replying unit past its due date with a 催办 supervision item (its warning colour set at once:
    red), and hand the replies of replied key proposals to key items the leader approved only
    afterwards. The scheduler runs `close_due_fan_out` instead, which shares this out."""
    return run_due()


@task()
def close_due_for(committee_id: int) -> dict[str, int]:
    """The daily job for one committee (enqueued by `close_due_fan_out`)."""
    return run_due(committee_id)


@task()
def close_due_fan_out() -> dict[str, int]:
    """Daily (settings.PERIODIC_TASKS): one `close_due_for` job per committee with due work, so
    that every worker takes a share of a province's night — committees write to their own audit
    chains and number sequences, so their jobs do not wait on one another. A committee's rows are
    claimed one by one, so a job enqueued twice (or run beside `close_due`) moves nothing twice."""
    committees = committees_with_due_work()
    for committee_id in committees:
        close_due_for.enqueue(committee_id)
    return {"committees": len(committees)}


@task()
def tell_topics_published(committee_id: int, year: int, count: int) -> int:
    """Tell the committee's members that the year's topic list was published; safe to rerun."""
    return tell_members_published(committee_id, year, count)

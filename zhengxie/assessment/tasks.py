"""Background work of assessment: recomputing the automatic indicators of one assessment (a long
task started from its page, with progress) and, each night, of every assessment still open for
rating. Both call `services.compute_automatic`, which writes every score afresh, so a rerun or a
second worker changes nothing twice."""

from __future__ import annotations

from django_tasks import task

from zhengxie.lib.longwork import Outcome, Progress
from zhengxie.lib.models import LongTask

from .models import Assessment, Indicator, Method
from .services import compute_automatic, two_way


def compute_job(long_task: LongTask, progress: Progress) -> Outcome:
    assessment = Assessment.objects.select_related("scheme").filter(pk=long_task.params["assessment"]).first()
    if assessment is None or assessment.state != Assessment.State.RATING:
        return Outcome(error="该考评已结束评议，不再重新计算")
    progress.set_total(Indicator.objects.filter(scheme=assessment.scheme, method=Method.AUTO).count() or 1)
    written = compute_automatic(assessment=assessment, by=long_task.owner, on_indicator=progress.advance)
    return Outcome(message=f"已重新计算自动指标，共 {written} 项得分")


@task()
def recompute_open() -> int:
    """Each night: the automatic indicators of every assessment still open for rating."""
    done = 0
    for assessment in Assessment.objects.filter(state=Assessment.State.RATING).select_related("scheme"):
        compute_automatic(assessment=assessment, by=None)
        done += 1
    return done


@task()
def score_quality_ratings() -> int:
    """Every hour: the handling units' ratings of proposals' quality into the proposers' duty
    record (rule P08), this year's and last year's proposals; scored once, reversed on change."""
    from django.utils import timezone

    year = timezone.localdate().year
    return two_way.sync_all(years=(year - 1, year))

"""The board's Excel export as a long task: the same items the board shows for the same filters,
built in the worker and offered for download on the board (20 000 items at province size)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import QueryDict

from zhengxie.lib.longwork import Outcome, Progress
from zhengxie.lib.models import LongTask
from zhengxie.lib.xlsx import workbook_bytes

from . import selectors
from .forms import BoardFilterForm

BOARD_HEADER = (
    "编号",
    "事项名称",
    "类别",
    "来源",
    "牵头单位",
    "督办领导",
    "原定时限",
    "办结时限",
    "进度(%)",
    "预警",
    "状态",
)
BOARD_LIMIT = 20000
BOARD_LABEL = "导出督办台账"
STEP = 500  # rows between progress reports


def board_filters(committee_id: int, query: str) -> dict[str, Any]:
    """The board's filters from its query string (an invalid filter shows everything, as on the
    page)."""
    form = BoardFilterForm(QueryDict(query) or None, committee_id=committee_id)
    return form.cleaned_data if form.is_valid() else {}


def board_workbook_job(long_task: LongTask, progress: Progress) -> Outcome:
    """params["query"]: the board's filters as a query string, read again in the worker."""
    assert long_task.committee_id is not None  # the board always sets it
    filters = board_filters(long_task.committee_id, long_task.params.get("query", ""))
    items = selectors.board(long_task.committee_id, filters).order_by("id")[:BOARD_LIMIT]
    progress.set_total(items.count())

    def rows() -> Iterator[tuple[Any, ...]]:
        for n, i in enumerate(items.iterator(chunk_size=STEP), start=1):
            yield (
                i.number,
                i.title,
                i.category,
                i.source.name,
                i.lead_unit.name,
                i.supervising_leader.display_name if i.supervising_leader else "",
                i.original_due_on,
                i.due_on,
                i.progress,
                i.get_colour_display() if i.colour else "",
                i.get_state_display(),
            )
            if n % STEP == 0:
                progress.advance(STEP)
        progress.advance(progress.task.total)

    content = workbook_bytes([("督办事项", BOARD_HEADER, rows())])
    return Outcome(message="已生成", file=("督办事项.xlsx", content))

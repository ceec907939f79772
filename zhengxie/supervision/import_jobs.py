"""The long tasks behind supervision's Excel uploads (bulk registration by the office, progress by
a unit). The page checks every row first and shows the problems row by row with nothing written;
only a file without problems becomes a task. The task checks the rows again (the data may have
changed in between) and writes them all in one transaction: the importers audit every item they
write and audit events are never deleted, so all-or-nothing rests on the transaction, not on
undoing rows afterwards."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from zhengxie.lib.crypto import decrypt, encrypt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.longwork import Outcome, Progress, start
from zhengxie.lib.models import LongTask
from zhengxie.lib.xlsx import ImportResult, problems_bytes

from . import imports
from .services import progress as progress_service

Importer = Callable[..., ImportResult]
IMPORTERS: dict[str, tuple[Importer, str]] = {
    "items": (imports.import_items, "已登记 {n} 个督办事项，待领导审核后下发"),
    "progress": (progress_service.progress_import, "已报送 {n} 个事项的进度"),
}
LABELS = {"items": "批量导入督办事项", "progress": "批量报送进度"}


def start_import(*, kind: str, rows: list[dict[str, str]], by: Any, committee_id: int) -> LongTask:
    """The rows (names and progress texts: personal data) travel encrypted in the task's params."""
    return start(
        runner=import_job,
        label=LABELS[kind],
        owner=by,
        committee_id=committee_id,
        params={"kind": kind, "rows": encrypt(json.dumps(rows, ensure_ascii=False))},
        total=len(rows),
    )


def import_job(long_task: LongTask, progress: Progress) -> Outcome:
    params = long_task.params
    assert long_task.committee_id is not None  # the upload pages always set it
    importer, done = IMPORTERS[params["kind"]]
    rows = json.loads(decrypt(params["rows"]))
    try:
        result = importer(committee_id=long_task.committee_id, by=long_task.owner, rows=rows)
    except DomainError as exc:  # refused halfway: the transaction has rolled every row back
        result = None
        error = exc.message
    # The file's contents are not kept once the import has run (an unexpected error keeps them,
    # so that the system administrator's retry of the job can run it again).
    LongTask.objects.filter(pk=long_task.pk).update(params={"kind": params["kind"]})
    if result is None:
        return Outcome(error=error)
    if result.problems:
        return Outcome(
            error=f"发现 {len(result.problems)} 处问题，未写入任何数据",
            data={"problems": [asdict(p) for p in result.problems]},
            file=("导入错误报告.xlsx", problems_bytes(result.problems)),
        )
    progress.advance(len(rows))
    return Outcome(message=done.format(n=result.created))

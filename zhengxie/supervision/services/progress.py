"""Progress reports (阶段反馈) by the lead unit, one at a time or many at once from the
progress template exported from the unit's list (otherwise nobody keeps them current)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.uploads import check_attachment
from zhengxie.lib.xlsx import ImportResult, RowProblem
from zhengxie.search.index import reindex

from ..models import Attachment, Item, ProgressReport
from ..permissions import actor_roles, items_visible
from ..workflow import UNIT
from .schedule import next_report_on
from .tree import rollup_progress

S = Item.State
TEMPLATE_COLUMNS = ("编号", "事项名称", "办结时限", "当前进度(%)", "本期进度(%)", "进展情况")


def attachment_add(*, item: Item, by: Any, upload: UploadedFile) -> Attachment:
    """Store a checked file for the item (the caller's transaction includes it)."""
    name = check_attachment(upload)
    attachment: Attachment = Attachment.store(
        upload=upload, name=name, by=by, committee_id=item.committee_id, item=item
    )
    return attachment


@contextmanager
def stored_attachment(*, item: Item, by: Any, upload: UploadedFile | None) -> Iterator[Attachment | None]:
    """The file stored for the block inside a transaction; removed from disk again when the block
    fails, since the rollback takes only the database row with it."""
    attachment = attachment_add(item=item, by=by, upload=upload) if upload is not None else None
    try:
        yield attachment
    except BaseException:
        if attachment is not None:
            attachment.file.delete(save=False)
        raise


def _check_can_report(item: Item, by: Any) -> None:
    if UNIT not in actor_roles(by, item):
        raise NotAllowed()
    if item.state == S.ISSUED:
        raise DomainError("请先签收该事项，再报送进度")
    if item.state != S.IN_PROGRESS:
        raise DomainError(f"事项当前为“{item.get_state_display()}”，不能报送进度")
    if item.children.exclude(state=S.CANCELLED).exists():
        raise DomainError("该事项的进度由分解事项汇总，请在分解事项中报送进度")


def _clean_percent(raw: Any) -> int:
    try:
        percent = int(str(raw).strip().rstrip("%"))
    except ValueError:
        raise DomainError("进度须是0到100之间的整数") from None
    if not 0 <= percent <= 100:
        raise DomainError("进度须是0到100之间的整数")
    return percent


def progress_report(
    *,
    item: Item,
    by: Any,
    percent: Any,
    text: str,
    upload: UploadedFile | None = None,
    via_upload: bool = False,
) -> ProgressReport:
    _check_can_report(item, by)
    percent = _clean_percent(percent)
    text = text.strip()
    if len(text) < 5:
        raise DomainError("请填写进展情况（至少5个字）")
    today = timezone.localdate()
    with transaction.atomic(), stored_attachment(item=item, by=by, upload=upload) as attachment:
        report = ProgressReport.objects.create(
            committee_id=item.committee_id,
            item=item,
            percent=percent,
            text=text,
            attachment=attachment,
            via_upload=via_upload,
            reported_by=by,
        )
        following = next_report_on(item, today)
        Item.objects.filter(pk=item.pk).update(progress=percent, next_report_on=following)
        item.progress, item.next_report_on = percent, following
        reindex("supervision", item.pk)
        record(
            action="supervision.item.progress_reported",
            obj=item,
            by=by,
            data={"percent": percent, "report": report.pk, "via_upload": via_upload},
        )
        rollup_progress(item.parent_id)
    return report


def progress_template_rows(items: list[Item]) -> list[tuple[Any, ...]]:
    return [(i.number, i.title, i.due_on.isoformat(), i.progress, "", "") for i in items]


def progress_import(
    *, committee_id: int, by: Any, rows: list[dict[str, str]], write: bool = True
) -> ImportResult:
    """Validate every row first; with `write`, write all reports or none (the page checks with
    write=False, the long task checks again and writes). Rows with neither a percent nor a text
    are skipped (the unit had nothing new on that item)."""
    result = ImportResult()
    wanted = [(n, row) for n, row in enumerate(rows, start=2) if row["本期进度(%)"] or row["进展情况"]]
    numbers = [row["编号"] for _, row in wanted]
    items = {
        i.number: i
        for i in items_visible(by, Item.objects.filter(committee_id=committee_id, number__in=numbers))
    }
    seen: set[str] = set()
    plan: list[tuple[Item, int, str]] = []
    for n, row in wanted:
        number = row["编号"]
        item = items.get(number)
        if item is None:
            result.problems.append(RowProblem(n, "编号", f"找不到本单位的督办事项“{number}”"))
            continue
        if number in seen:
            result.problems.append(RowProblem(n, "编号", "同一事项在文件中出现多次"))
            continue
        seen.add(number)
        try:
            _check_can_report(item, by)
        except NotAllowed:
            result.problems.append(RowProblem(n, "编号", "该事项不由本单位牵头，不能报送进度"))
            continue
        except DomainError as exc:
            result.problems.append(RowProblem(n, "编号", exc.message))
            continue
        try:
            percent = _clean_percent(row["本期进度(%)"])
        except DomainError as exc:
            result.problems.append(RowProblem(n, "本期进度(%)", exc.message))
            continue
        if len(row["进展情况"].strip()) < 5:
            result.problems.append(RowProblem(n, "进展情况", "请填写进展情况（至少5个字）"))
            continue
        plan.append((item, percent, row["进展情况"]))
    if not wanted:
        result.problems.append(RowProblem(2, "本期进度(%)", "文件中没有填写任何进度"))
    if result.problems or not write:
        return result
    with transaction.atomic():
        for item, percent, text in plan:
            progress_report(item=item, by=by, percent=percent, text=text, via_upload=True)
            result.created += 1
    return result

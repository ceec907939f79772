"""Issuing the quarterly bulletin (督办情况通报) and special reports (督查专报).

A bulletin's figures are computed when it is issued and stored with it: what went out on paper
must be reproducible later, even after items move on."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError

from ..models import Bulletin, Item, SpecialReport
from ..selectors import period_figures, quarter_bounds, red_items


def bulletin_issue(
    *,
    committee_id: int,
    by: Any,
    year: int,
    quarter: int,
    summary: str,
    praised: list[int],
    reminded: list[int],
) -> Bulletin:
    if quarter not in (1, 2, 3, 4):
        raise DomainError("季度须是1至4")
    start, _ = quarter_bounds(year, quarter)
    if start > timezone.localdate():
        raise DomainError("该季度尚未开始，不能通报")
    figures = period_figures(committee_id, year, quarter)
    if not figures:
        raise DomainError("该季度没有下发的督办事项，无需通报")
    names = {u.unit_id: u.unit for u in figures}
    if set(praised) & set(reminded):
        raise DomainError("同一单位不能既公开表扬又点名提醒")
    if not set(praised) | set(reminded) <= set(names):
        raise DomainError("表扬或提醒的单位须是本季度有督办事项的单位")
    try:
        with transaction.atomic():
            number = (
                Bulletin.objects.filter(committee_id=committee_id, year=year).aggregate(n=Max("number"))["n"]
                or 0
            ) + 1
            bulletin = Bulletin.objects.create(
                committee_id=committee_id,
                year=year,
                quarter=quarter,
                number=number,
                summary=summary.strip(),
                praised=[names[u] for u in praised],
                reminded=[names[u] for u in reminded],
                figures={
                    "units": [asdict(u) for u in figures],
                    "red_items": red_items(committee_id, year, quarter),
                },
                issued_by=by,
            )
            record(
                action="supervision.bulletin.issued",
                obj=bulletin,
                by=by,
                data={"year": year, "quarter": quarter, "number": number},
            )
    except IntegrityError:
        raise DomainError(f"{year}年第{quarter}季度的通报已经印发") from None
    return bulletin


def special_report_create(
    *,
    item: Item,
    by: Any,
    title: str,
    background: str,
    issues: list[str],
    suggestions: str,
    leader_instruction: str,
) -> SpecialReport:
    issues = [i.strip() for i in issues if i.strip()]
    if not title.strip() or len(background.strip()) < 10:
        raise DomainError("请填写标题和基本情况（至少10个字）")
    if not issues:
        raise DomainError("请至少列出一个存在的问题")
    year = timezone.localdate().year
    for _attempt in range(3):
        try:
            with transaction.atomic():
                number = (
                    SpecialReport.objects.filter(committee_id=item.committee_id, year=year).aggregate(
                        n=Max("number")
                    )["n"]
                    or 0
                ) + 1
                report = SpecialReport.objects.create(
                    committee_id=item.committee_id,
                    item=item,
                    year=year,
                    number=number,
                    title=title.strip(),
                    background=background.strip(),
                    issues=issues,
                    suggestions=suggestions.strip(),
                    leader_instruction=leader_instruction.strip(),
                    created_by=by,
                )
                record(
                    action="supervision.special_report.created",
                    obj=item,
                    by=by,
                    data={"report": report.pk, "number": number, "year": year},
                )
                return report
        except IntegrityError:
            continue  # two reports numbered at once: take the next number
    raise DomainError("期号分配冲突，请重试")

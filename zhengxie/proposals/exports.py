"""The Excel export of a year's proposal loop (lib/xlsx): one sheet per table — proposals,
co-signers, assignments, contacts, co-handling opinions, extensions, replies, ratings.

Rows are read with `values_list` over joins (no query per row) and each sheet stops at
`CAP` rows, so one click cannot build an unbounded file. The units' contact phones are
personal data: only proposal staff get them, the others' file has no phone column.

Every sheet reads through the office's visibility rule (`permissions.office_proposals`), the
same as the lists and the statistics page: members' drafts and proposals still awaiting their
co-signers are not in the file, nor their co-signers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse

from zhengxie.lib.longwork import Outcome, Progress
from zhengxie.lib.models import LongTask
from zhengxie.lib.xlsx import workbook_bytes, workbook_response

from .config import destination_names
from .models import Assignment, Contact, CoOpinion, CoSigner, Extension, Proposal, Rating, Reply
from .permissions import office_proposals

CAP = 20000
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def _rows(
    qs: Any, fields: Sequence[str], labels: dict[str, dict[str, str]] | None = None
) -> Iterator[list[Any]]:
    labels = labels or {}
    for row in qs.values_list(*fields)[:CAP].iterator(chunk_size=2000):
        yield [labels[f].get(v, v) if f in labels else _cell(v) for f, v in zip(fields, row, strict=True)]


def _cell(value: Any) -> Any:
    # Dates and times stay typed: lib/xlsx writes them as Excel dates in local time.
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else value


def _choices(model: Any, name: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in model._meta.get_field(name).choices}


def sheets(committee_id: int, year: int, *, with_phone: bool) -> list[Sheet]:
    proposals = office_proposals(committee_id).filter(year=year).order_by("id")
    visible = proposals.values("pk")
    of_year = {"committee_id": committee_id, "proposal__year": year, "proposal__in": visible}
    p_fields = [
        "number", "title", "proposer_name", "kind", "category", "state", "is_plenary", "is_key",
        "key_leader__display_name", "mode", "submitted_at", "filed_at", "assigned_at", "due_on",
        "original_due_on", "replied_at", "result", "round", "rating_until", "closed_at",
        "consent_publish", "public_scope", "is_excellent", "destination", "not_filed_reason",
        "merged_into__number",
    ]  # fmt: skip
    p_header = [
        "提案号", "案由", "提案者", "提案者类别", "分类", "状态", "大会提案", "重点提案", "领衔督办领导",
        "办理方式", "提交时间", "立案时间", "交办时间", "答复期限", "原答复期限", "答复时间", "答复类别",
        "办理轮次", "评价截止", "办结时间", "同意公开", "公开范围", "优秀提案", "去向", "不予立案理由", "并入",
    ]  # fmt: skip
    p_labels = {
        "kind": _choices(Proposal, "kind"),
        "state": _choices(Proposal, "state"),
        "mode": _choices(Proposal, "mode"),
        "public_scope": _choices(Proposal, "public_scope"),
        "destination": destination_names(committee_id),
    }
    reply_header = [
        "提案号", "承办单位", "轮次", "状态", "答复类别", "审核调整后类别", "签发领导", "联系人", "公开范围",
        "答复摘要", "答复内容", "提交时间", "审核时间",
    ] + (["联系电话"] if with_phone else [])  # fmt: skip

    def reply_rows() -> Iterator[list[Any]]:
        replies = (
            Reply.objects.filter(**of_year).select_related("proposal", "assignment__unit").order_by("id")
        )
        for r in replies[:CAP].iterator(chunk_size=2000):
            row = [
                r.proposal.number, r.assignment.unit.name, r.round, r.get_state_display(), r.category,
                r.adjusted_category, r.signing_leader, r.contact_name, r.get_public_scope_display(),
                r.summary, r.text, _cell(r.submitted_at), _cell(r.approved_at),
            ]  # fmt: skip
            # The phone is encrypted at rest and personal: decrypted only for proposal staff.
            yield [*row, r.contact_phone] if with_phone else row

    return [
        ("提案", p_header, _rows(proposals, p_fields, p_labels)),
        (
            "联名人",
            ["提案号", "联名人", "确认", "确认时间"],
            _rows(
                CoSigner.objects.filter(**of_year).order_by("proposal_id", "order", "id"),
                ["proposal__number", "member__person__name", "answer", "answered_at"],
                {"answer": _choices(CoSigner, "answer")},
            ),
        ),
        (
            "交办",
            ["提案号", "承办单位", "承办方式", "状态", "期限", "交办时间", "签收时间", "答复时间"],
            _rows(
                Assignment.objects.filter(**of_year).order_by("id"),
                [
                    "proposal__number",
                    "unit__name",
                    "role",
                    "state",
                    "due_on",
                    "assigned_at",
                    "signed_at",
                    "replied_at",
                ],
                {"role": _choices(Assignment, "role"), "state": _choices(Assignment, "state")},
            ),
        ),
        (
            "沟通",
            ["提案号", "承办单位", "环节", "方式", "日期", "参加人员", "沟通情况"],
            _rows(
                Contact.objects.filter(**of_year).order_by("id"),
                [
                    "proposal__number",
                    "assignment__unit__name",
                    "stage",
                    "mode",
                    "on",
                    "participants",
                    "notes",
                ],
                {"stage": _choices(Contact, "stage"), "mode": _choices(Contact, "mode")},
            ),
        ),
        (
            "会办意见",
            ["提案号", "会办单位", "轮次", "会办意见", "发送时间"],
            _rows(
                CoOpinion.objects.filter(
                    committee_id=committee_id,
                    assignment__proposal__year=year,
                    assignment__proposal__in=visible,
                ).order_by("id"),
                ["assignment__proposal__number", "assignment__unit__name", "round", "text", "sent_at"],
            ),
        ),
        (
            "延期",
            ["提案号", "承办单位", "延期理由", "原期限", "申请延至", "状态", "审批意见", "申请时间"],
            _rows(
                Extension.objects.filter(
                    committee_id=committee_id,
                    assignment__proposal__year=year,
                    assignment__proposal__in=visible,
                ).order_by("id"),
                [
                    "assignment__proposal__number",
                    "assignment__unit__name",
                    "reason",
                    "old_due_on",
                    "new_due_on",
                    "state",
                    "decision_note",
                    "requested_at",
                ],
                {"state": _choices(Extension, "state")},
            ),
        ),
        ("答复", reply_header, reply_rows()),
        (
            "评价",
            ["提案号", "评价委员", "轮次", "办理工作", "办理结果", "意见", "评价时间"],
            _rows(
                Rating.objects.filter(**of_year).order_by("id"),
                ["proposal__number", "member__person__name", "round", "work", "result", "comment", "at"],
                {"work": _choices(Rating, "work"), "result": _choices(Rating, "result")},
            ),
        ),
    ]


def year_workbook(committee_id: int, year: int, *, with_phone: bool) -> HttpResponse:
    return workbook_response(
        f"{year}年度提案办理全过程.xlsx", sheets(committee_id, year, with_phone=with_phone)
    )


def year_workbook_job(long_task: LongTask, progress: Progress) -> Outcome:
    """The long task behind 办理全过程（Excel）: the same sheets, built in the worker, one progress
    step per sheet, offered for download on the statistics page."""
    year, with_phone = long_task.params["year"], long_task.params["with_phone"]
    assert long_task.committee_id is not None
    parts = sheets(long_task.committee_id, year, with_phone=with_phone)
    progress.set_total(len(parts))
    content = workbook_bytes(parts, on_sheet=progress.advance)
    return Outcome(message="已生成", file=(f"{year}年度提案办理全过程.xlsx", content))

"""Every write of the publications: series, issues and their items, sending an issue with its
number (第N期, safe when two offices send at once), and leaders' instructions on a sent issue."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Outcome
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.lib.workflow import transition
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, roles_in
from zhengxie.plenary.models import Speech
from zhengxie.search.index import reindex

from .models import Issue, IssueInstruction, IssueItem, Series
from .workflow import ISSUE_LABELS, ISSUE_TABLE

# Series a committee starts with (seed 003: 《建言资政》; the consultation's 协商专报).
DEFAULT_SERIES = (("建言资政", Series.Kind.ADVICE), ("协商专报", Series.Kind.CONSULTATION))
USABLE_SPEECHES = (Speech.State.ORAL, Speech.State.DELIVERED, Speech.State.WRITTEN)


def _require_staff(by: Any, committee_id: int) -> None:
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()


def _text(value: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value or len(value) > limit:
        raise DomainError(f"请填写{label}（不超过{limit}个字）")
    return value


def series_for(committee_id: int) -> list[Series]:
    """The committee's series, the defaults created the first time they are needed."""
    have = list(Series.objects.filter(committee_id=committee_id).order_by("id"))
    if not have:
        Series.objects.bulk_create(
            [Series(committee_id=committee_id, name=n, kind=k) for n, k in DEFAULT_SERIES],
            ignore_conflicts=True,
        )
        have = list(Series.objects.filter(committee_id=committee_id).order_by("id"))
    return have


def series_create(*, committee_id: int, by: Any, name: str, kind: str) -> Series:
    _require_staff(by, committee_id)
    name = _text(name.strip("《》 "), "刊物名称", 40)
    if kind not in Series.Kind.values:
        raise DomainError("请选择刊物类型")
    if Series.objects.filter(committee_id=committee_id, name=name).exists():
        raise DomainError(f"已有刊物《{name}》")
    with transaction.atomic():
        series = Series.objects.create(committee_id=committee_id, name=name, kind=kind)
        record(action="publications.series.created", obj=series, by=by, data={"name": name})
    return series


def issue_create(*, series: Series, by: Any, title: str) -> Issue:
    _require_staff(by, series.committee_id)
    if not series.is_active:
        raise DomainError("该刊物已停用")
    title = _text(title, "本期主题", 200)
    with transaction.atomic():
        issue = Issue.objects.create(
            committee_id=series.committee_id, series=series, title=title, created_by=by
        )
        record(action="publications.issue.created", obj=issue, by=by, data={"title": title})
        reindex("issue", issue.pk)
    return issue


def _draft(issue: Issue) -> None:
    if issue.state != Issue.State.DRAFT:
        raise DomainError("本期已报送，不能再修改文章")


def item_add(
    *,
    issue: Issue,
    by: Any,
    title: str = "",
    author: str = "",
    body: str = "",
    outcome: Outcome | None = None,
    speech: Speech | None = None,
) -> IssueItem:
    """Add an article: a consultation outcome or a selected plenary speech (its title, author and
    text are copied, the link kept), or text of its own."""
    _require_staff(by, issue.committee_id)
    _draft(issue)
    if outcome is not None and speech is not None:
        raise DomainError("协商成果和大会发言只能选择一个")
    if outcome is not None:
        if outcome.committee_id != issue.committee_id:
            raise DomainError("所选协商成果不属于本政协")
        title, body = title or outcome.title, body or outcome.body
        author = author or outcome.consultation.title
    if speech is not None:
        if speech.committee_id != issue.committee_id or speech.state not in USABLE_SPEECHES:
            raise DomainError("只能选用本政协已采用的大会发言")
        title, body = title or speech.title, body or speech.body
        author = author or (speech.on_behalf or str(speech.author))
    problems = []
    title, author, body = title.strip(), author.strip(), body.strip()
    if not title or len(title) > 200:
        problems.append("请填写标题（不超过200个字）")
    if len(author) > 100:
        problems.append("作者或来源不超过100个字")
    if not body:
        problems.append("请填写正文")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        item = IssueItem.objects.create(
            committee_id=issue.committee_id, issue=issue, title=title, author=author, body=body,
            outcome=outcome, speech=speech,
        )  # fmt: skip
        record(action="publications.item.added", obj=item, by=by, data={"issue": issue.pk, "title": title})
        reindex("issue", issue.pk)
    return item


def item_remove(*, item: IssueItem, by: Any) -> None:
    _require_staff(by, item.committee_id)
    _draft(item.issue)
    with transaction.atomic():
        record(action="publications.item.removed", obj=item, by=by, data={"title": item.title})
        item.delete()
        reindex("issue", item.issue_id)


def next_number(series: Series, year: int) -> int:
    top = Issue.objects.filter(series=series, year=year).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def issue_send(*, issue: Issue, by: Any, recipients: str, sent_on: date | None = None) -> Issue:
    """Number the issue (the next 第N期 of its series in the year) and record whom it went to.
    Two offices sending at once cannot get the same number: the unique constraint refuses the
    second and it takes the next number."""
    recipients = _text(recipients, "报送领导", 300)
    if not issue.items.exists():
        raise DomainError("本期还没有文章，不能报送")
    sent_on = sent_on or timezone.localdate()
    roles = roles_in(by, issue.committee_id)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                number = next_number(issue.series, sent_on.year)
                transition(
                    issue, table=ISSUE_TABLE, to=Issue.State.SENT, by=by, roles=roles, state_labels=ISSUE_LABELS,
                    fields={"year": sent_on.year, "number": number, "recipients": recipients, "sent_on": sent_on},
                    data={"number": number, "recipients": recipients},
                )  # fmt: skip
                return issue
        except IntegrityError:
            # Another issue of the series took this number first; the state was rolled back.
            issue.state, issue.year, issue.number = Issue.State.DRAFT, None, None
            continue
    raise Conflict()


def instruction_record(
    *, issue: Issue, by: Any, leader_name: str, text: str, given_on: date
) -> IssueInstruction:
    _require_staff(by, issue.committee_id)
    if issue.state != Issue.State.SENT:
        raise DomainError("本期尚未报送，不能记录批示")
    leader_name = _text(leader_name, "批示领导", 50)
    text = _text(text, "批示内容", 2000)
    if issue.sent_on and given_on < issue.sent_on:
        raise DomainError("批示日期不能早于报送日期")
    if given_on > timezone.localdate():
        raise DomainError("批示日期不能晚于今天")
    with transaction.atomic():
        instruction = IssueInstruction.objects.create(
            committee_id=issue.committee_id, issue=issue, leader_name=leader_name, text=text, given_on=given_on,
            recorded_by=by,
        )  # fmt: skip
        record(
            action="publications.instruction.recorded", obj=instruction, by=by,
            data={"issue": str(issue), "leader": leader_name},
        )  # fmt: skip
        reindex("issue", issue.pk)
    return instruction

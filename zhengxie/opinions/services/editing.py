"""The information centre's work on an item: accept, return with comments, archive with a
reason, merge several submissions into one, edit (every edit is a new version), send for the
leader's sign-off, and publish in a numbered issue or forward to a department."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError
from zhengxie.lib.workflow import transition
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role

from ..models import Adoption, Author, Issue, Opinion, Report
from ..permissions import actor_roles
from ..workflow import LABELS, TABLE
from . import adoption as scoring
from .common import notify_authors, notify_info_staff, notify_role, require_info_staff, text_problems
from .submission import _write_revision

S = Opinion.State


def _move(opinion: Opinion, by: Any, to: str, **kwargs: Any) -> Opinion:
    transition(
        opinion, table=TABLE, to=to, by=by, roles=actor_roles(by, opinion), state_labels=LABELS, **kwargs
    )
    return opinion


def opinion_accept(*, opinion: Opinion, by: Any) -> Opinion:
    with transaction.atomic():
        _move(opinion, by, S.EDITING)
        flow_back(opinion, status=Report.Status.RECEIVED, by=by)
    return opinion


def opinion_return(*, opinion: Opinion, by: Any, comment: str) -> Opinion:
    """Back to the author with comments (by the centre, or by the unit's liaison officer)."""
    comment = comment.strip()
    if not comment:
        raise DomainError("请填写退回意见")
    if opinion.channel == Opinion.Channel.LOWER:
        raise DomainError("下级政协报送的信息不能退回修改，可受理后编辑或不予编发")
    with transaction.atomic():
        _move(opinion, by, S.RETURNED, fields={"comment": comment[:2000]}, data={"comment": comment[:200]})
        notify_authors(
            opinion,
            key=f"returned:{opinion.pk}:{opinion.version}",
            title=f"您的社情民意信息被退回修改：{opinion.title[:30]}",
            body=comment,
        )
    return opinion


def opinion_archive(*, opinion: Opinion, by: Any, reason: str) -> Opinion:
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写不予编发的理由")
    with transaction.atomic():
        _move(
            opinion, by, S.ARCHIVED, fields={"archive_reason": reason[:2000]}, data={"reason": reason[:200]}
        )
        flow_back(opinion, status=Report.Status.NOT_USED, by=by, note=reason[:200])
        notify_authors(
            opinion,
            key=f"archived:{opinion.pk}",
            title=f"社情民意信息不予编发：{opinion.title[:30]}",
            body=reason,
        )
    return opinion


def opinion_edit(*, opinion: Opinion, by: Any, title: str, body: str, note: str = "") -> Opinion:
    """Save the editor's text as a new version; earlier versions (and the original) stay."""
    require_info_staff(by, opinion.committee_id)
    if opinion.state != S.EDITING:
        raise DomainError(f"当前状态为“{LABELS[opinion.state]}”，受理后才能编辑")
    problems = text_problems(title, body)
    if problems:
        raise DomainError("；".join(problems))
    if title.strip() == opinion.title and body.strip() == opinion.body:
        raise DomainError("内容没有改动")
    with transaction.atomic():
        updated = Opinion.objects.filter(pk=opinion.pk, version=opinion.version, state=S.EDITING).update(
            title=title.strip(), body=body.strip(), version=F("version") + 1
        )
        if updated != 1:
            raise Conflict()
        opinion.title, opinion.body, opinion.version = title.strip(), body.strip(), opinion.version + 1
        revision = _write_revision(opinion, by, note.strip()[:200] or "编辑修改")
        record(action="opinions.opinion.edited", obj=opinion, by=by, data={"revision": revision.number})
    return opinion


def opinion_merge(*, opinions: Sequence[Opinion], by: Any, title: str, body: str) -> Opinion:
    """Merge several submissions on one matter into one edited item that credits every author."""
    if len({o.pk for o in opinions}) < 2:
        raise DomainError("请至少选择两条信息进行合并")
    committees = {o.committee_id for o in opinions}
    if len(committees) != 1:
        raise DomainError("只能合并本政协的信息")
    committee_id = committees.pop()
    require_info_staff(by, committee_id)
    wrong = [o.title for o in opinions if o.state not in (S.RECEIVED, S.EDITING)]
    if wrong:
        raise DomainError(f"只能合并待受理或编辑中的信息：{'、'.join(wrong)[:100]}")
    problems = text_problems(title, body)
    if problems:
        raise DomainError("；".join(problems))
    ordered = sorted(opinions, key=lambda o: o.pk)
    with transaction.atomic():
        merged = Opinion.objects.create(
            committee_id=committee_id,
            title=title.strip(),
            body=body.strip(),
            channel=Opinion.Channel.MERGED,
            state=S.EDITING,
            year=timezone.localdate().year,
            created_by=by,
            submitted_at=timezone.now(),
        )
        seen: list[int] = []
        for row in Author.objects.filter(opinion__in=ordered).order_by("opinion_id", "order"):
            if row.member_id not in seen:
                seen.append(row.member_id)
        Author.objects.bulk_create(Author(opinion=merged, member_id=m, order=i) for i, m in enumerate(seen))
        _write_revision(merged, by, f"由{len(ordered)}条信息合并编辑")
        record(
            action="opinions.opinion.merged_created",
            obj=merged,
            by=by,
            data={"from": [o.pk for o in ordered], "authors": seen},
        )
        for source in ordered:
            _move(source, by, S.MERGED, fields={"merged_into": merged}, data={"into": merged.pk})
    return merged


def opinion_request_signoff(*, opinion: Opinion, by: Any) -> Opinion:
    with transaction.atomic():
        _move(opinion, by, S.SIGNOFF)
        notify_role(
            opinion.committee_id,
            Role.LEADER,
            key=f"signoff:{opinion.pk}:{opinion.version}",
            title=f"待签发的社情民意信息：{opinion.title[:40]}",
            url=reverse("opinions:detail", args=[opinion.pk]),
        )
    return opinion


def opinion_sign(*, opinion: Opinion, by: Any, approve: bool, comment: str = "") -> Opinion:
    """The responsible leader signs the item off, or sends it back to the editor."""
    with transaction.atomic():
        if approve:
            return _move(opinion, by, S.SIGNED, fields={"signed_by": by, "signed_at": timezone.now()})
        if not comment.strip():
            raise DomainError("请填写退回修改的意见")
        return _move(
            opinion,
            by,
            S.EDITING,
            fields={"comment": comment.strip()[:2000]},
            data={"comment": comment[:200]},
        )


def next_issue_number(committee_id: int, series: str, year: int) -> int:
    top = Issue.objects.filter(committee_id=committee_id, series=series, year=year).aggregate(
        n=Max("number")
    )["n"]
    return (top or 0) + 1


def issue_publish(*, committee_id: int, by: Any, series: str, opinions: Sequence[Opinion]) -> Issue:
    """Publish signed items in the next numbered issue of the bulletin or the special report."""
    require_info_staff(by, committee_id)
    if series not in Issue.Series.values:
        raise DomainError("刊物类型无效")
    if not opinions:
        raise DomainError("请选择要编发的信息")
    if any(o.committee_id != committee_id for o in opinions):
        raise DomainError("只能编发本政协的信息")
    wrong = [o.title for o in opinions if o.state != S.SIGNED]
    if wrong:
        raise DomainError(f"只有领导已签发的信息才能编发：{'、'.join(wrong)[:100]}")
    today = timezone.localdate()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                issue = Issue.objects.create(
                    committee_id=committee_id,
                    series=series,
                    year=today.year,
                    number=next_issue_number(committee_id, series, today.year),
                    published_on=today,
                    published_by=by,
                )
                record(
                    action="opinions.issue.published",
                    obj=issue,
                    by=by,
                    data={"series": series, "number": issue.number, "opinions": [o.pk for o in opinions]},
                )
                kind = Report.Status.SPECIAL if series == Issue.Series.SPECIAL else Report.Status.ADOPTED
                for opinion in opinions:
                    _move(
                        opinion,
                        by,
                        S.ISSUED,
                        fields={"issue": issue, "issued_at": timezone.now()},
                        data={"issue": str(issue)},
                    )
                    scoring.adopted_here(
                        opinion,
                        by=by,
                        kind=Adoption.Kind.ADOPTED,
                        recipient=str(issue.committee),
                        issue_label=str(issue),
                    )
                    flow_back(opinion, status=kind, by=by, note=str(issue))
                return issue
        except IntegrityError:
            continue  # another clerk took the same number: take the next one
    raise DomainError("期号分配冲突，请重试")


def opinion_forward(*, opinion: Opinion, by: Any, department: HandlingUnit) -> Opinion:
    """Forward a signed item to a department (转送) instead of publishing it."""
    if department.committee_id != opinion.committee_id or not department.is_active:
        raise DomainError("请选择本政协的有效部门")
    with transaction.atomic():
        _move(
            opinion,
            by,
            S.ISSUED,
            fields={"forwarded_to": department, "issued_at": timezone.now()},
            data={"department": department.pk},
        )
        scoring.adopted_here(opinion, by=by, kind=Adoption.Kind.FORWARDED, recipient=department.name)
        flow_back(opinion, status=Report.Status.FORWARDED, by=by, note=department.name)
    return opinion


def flow_back(opinion: Opinion, *, status: str, by: Any, note: str = "") -> None:
    """An upper level's decision on an incoming item sets the status of the lower level's report
    (for the item itself and for every item merged into it) and tells the lower centre."""
    sources = [opinion, *opinion.merged_from.all()]
    reports = list(Report.objects.filter(upstream__in=sources).select_related("opinion"))
    for report in reports:
        Report.objects.filter(pk=report.pk).update(
            status=status, status_note=note[:200], decided_at=timezone.now()
        )
        record(
            action="opinions.report.status_changed",
            obj=report,
            by=by,
            data={"status": status, "note": note[:200], "upstream": opinion.pk},
        )
        label = dict(Report.Status.choices)[status]
        notify_info_staff(
            report.committee_id,
            key=f"flow:{report.pk}:{status}",
            title=f"{report.target_name}：{label}《{report.opinion.title[:30]}》",
            url=reverse("opinions:detail", args=[report.opinion_id]),
        )
        notify_authors(
            report.opinion,
            key=f"flow:{report.pk}:{status}",
            title=f"{report.target_name}：{label}《{report.opinion.title[:30]}》",
            body=note,
        )

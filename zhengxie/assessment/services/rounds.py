"""Assessments (rounds): opening with their subjects, raters and their ratings, reminders, evidence
scores, automatic indicators, totals, closing, reopening and publishing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workflow import transition
from zhengxie.org.models import Committee, HandlingUnit, RoleAssignment, Sector, SpecialCommittee
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in
from zhengxie.proposals.models import Assignment as ProposalAssignment
from zhengxie.proposals.models import Proposal
from zhengxie.supervision.models import Item

from .. import formulas
from ..formulas import pts
from ..models import (
    Assessment,
    Indicator,
    Method,
    Office,
    RaterGroup,
    RaterTask,
    Scheme,
    Score,
    Subject,
    SubjectKind,
)
from ..workflow import TABLE
from .common import _q, _require_staff, notify_user, rank_subjects

# --- assessments ---------------------------------------------------------------------------------


def _subjects_of(
    committee: Committee, kind: str, offices: Iterable[Office], year: int
) -> list[dict[str, Any]]:
    if kind == SubjectKind.UNIT:
        units = HandlingUnit.objects.filter(committee=committee, is_active=True).order_by("name", "id")
        # The units that handled proposals or led supervision items that year; a unit without any
        # would take every automatic indicator's full points. With no such records, every unit.
        worked = units.filter(
            Exists(ProposalAssignment.objects.filter(unit=OuterRef("pk"), proposal__year=year))
            | Exists(Item.objects.filter(lead_unit=OuterRef("pk"), created_at__year=year))
        )
        return [{"name": u.name, "handling_unit": u} for u in (worked if worked.exists() else units)]
    if kind == SubjectKind.SPECIAL:
        return [
            {"name": s.name, "special_committee": s}
            for s in SpecialCommittee.objects.filter(committee=committee)
        ]
    if kind == SubjectKind.SECTOR:
        return [{"name": s.name, "sector": s} for s in Sector.objects.filter(committee=committee)]
    if kind == SubjectKind.COUNTY:
        return [
            {"name": c.name, "county": c} for c in Committee.objects.filter(parent=committee).order_by("code")
        ]
    chosen = {o.pk for o in offices if o.committee_id == committee.pk}
    return [
        {"name": o.name, "office": o}
        for o in Office.objects.filter(committee=committee, is_active=True, pk__in=chosen)
    ]


def assessment_open(
    *,
    committee: Committee,
    scheme: Scheme,
    year: int,
    title: str,
    deadline: date,
    by: Any,
    offices: Iterable[Office] = (),
) -> Assessment:
    """Open an assessment on the scheme's current version with every subject of its kind."""
    _require_staff(by, committee.pk)
    if scheme.committee_id != committee.pk or not scheme.is_current:
        raise DomainError("请选择本政协方案的当前版本")
    if not Indicator.objects.filter(scheme=scheme, parent__isnull=False).exists():
        raise DomainError("该方案还没有二级指标，请先完善方案")
    if deadline < timezone.localdate():
        raise DomainError("评议截止日期不能早于今天")
    subjects = _subjects_of(committee, scheme.kind, offices, year)
    if not subjects:
        raise DomainError("没有可考评的对象：机关处室考评请选择参加考评的处室")
    with transaction.atomic():
        assessment = Assessment.objects.create(
            committee=committee,
            scheme=scheme,
            year=year,
            title=title.strip() or f"{year}年度{scheme.name}",
            deadline=deadline,
            created_by=by,
        )
        Subject.objects.bulk_create(
            [Subject(committee=committee, assessment=assessment, **s) for s in subjects]
        )
        record(
            action="assessment.assessment.opened",
            obj=assessment,
            by=by,
            data={"scheme": scheme.pk, "version": scheme.version, "subjects": len(subjects)},
        )
    return assessment


def _require_open(assessment: Assessment) -> None:
    """Scores change only while the assessment is open for rating (read afresh: the object in
    hand may be older than a close or a publication)."""
    if not Assessment.objects.filter(pk=assessment.pk, state=Assessment.State.RATING).exists():
        raise DomainError("该考评已结束评议，不能再修改评分")


def rated_indicators(scheme: Scheme) -> list[Indicator]:
    return list(
        Indicator.objects.filter(scheme=scheme, method=Method.RATING).order_by("parent__order", "order", "id")
    )


def _groups_used(scheme: Scheme) -> set[str]:
    return {g for i in rated_indicators(scheme) for g, w in i.rater_weights.items() if w}


def proposer_pairs(assessment: Assessment) -> dict[int, set[int]]:
    """For a handling units' assessment: each first proposer's account → the subjects (units) that
    led or split the handling of his proposals of the year."""
    units = dict(
        Subject.objects.filter(assessment=assessment, handling_unit__isnull=False).values_list(
            "handling_unit_id", "id"
        )
    )
    pairs: dict[int, set[int]] = defaultdict(set)
    rows = (
        ProposalAssignment.objects.filter(
            committee_id=assessment.committee_id,
            proposal__year=assessment.year,
            unit_id__in=list(units),
            role__in=formulas.LEADING,
            proposal__proposer__person__user__isnull=False,
        )
        .exclude(state=ProposalAssignment.State.WITHDRAWN)
        .filter(
            proposal__state__in=[Proposal.State.REPLIED, Proposal.State.CLOSED, Proposal.State.REHANDLING]
        )
        .values_list("proposal__proposer__person__user_id", "unit_id")
    )
    for user_id, unit_id in rows:
        pairs[user_id].add(units[unit_id])
    return pairs


GROUP_ROLES: dict[str, tuple[str, ...]] = {
    RaterGroup.LEADER: (Role.LEADER,),
    RaterGroup.STAFF: (Role.PROPOSAL_STAFF, Role.SUPERVISION_STAFF, Role.ACTIVITY_STAFF, Role.INFO_STAFF),
    RaterGroup.UNIT: (Role.UNIT_LEADER,),
    RaterGroup.EXTERNAL: (Role.EXTERNAL_RATER,),
}


def group_users(committee_id: int, group: str) -> list[Any]:
    """Everyone of the committee who rates as `group` by role (leaders, staff, unit leaders, third
    parties); members are chosen one by one and proposers paired by their proposals."""
    from django.contrib.auth import get_user_model

    roles = GROUP_ROLES.get(group, ())
    ids = RoleAssignment.objects.filter(committee_id=committee_id, role__in=roles).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def raters_assign(
    *,
    assessment: Assessment,
    group: str,
    users: Iterable[Any],
    by: Any,
    subjects: Iterable[Subject] | None = None,
) -> int:
    """Give each user a rating task for each subject (all of them unless named) in `group`; a
    user already rating a subject keeps his task. Proposers are paired with the units that
    handled their proposals. Notifies each new rater once. Returns the number of new tasks."""
    _require_staff(by, assessment.committee_id)
    _require_open(assessment)
    if group not in RaterGroup.values:
        raise DomainError("评议组不正确")
    if group not in _groups_used(assessment.scheme):
        raise DomainError(f"该方案没有由“{RaterGroup(group).label}”评议的指标")
    all_subjects = list(Subject.objects.filter(assessment=assessment)) if subjects is None else list(subjects)
    if group == RaterGroup.PROPOSER:
        pairs = proposer_pairs(assessment)
        plan = [(uid, sid) for uid, sids in pairs.items() for sid in sids]
    else:
        user_ids = [u.pk for u in users]
        if not user_ids:
            raise DomainError("请选择评议人")
        plan = [(uid, s.pk) for uid in user_ids for s in all_subjects]
    existing = set(RaterTask.objects.filter(assessment=assessment).values_list("rater_id", "subject_id"))
    new = [
        RaterTask(
            committee_id=assessment.committee_id,
            assessment=assessment,
            subject_id=sid,
            rater_id=uid,
            group=group,
        )
        for uid, sid in plan
        if (uid, sid) not in existing
    ]
    with transaction.atomic():
        RaterTask.objects.bulk_create(new)
        record(
            action="assessment.raters.assigned",
            obj=assessment,
            by=by,
            data={"group": group, "tasks": len(new), "raters": len({t.rater_id for t in new})},
        )
        url = reverse("assessment:my_tasks")
        for rater_id in sorted({t.rater_id for t in new}):
            notify_user(
                rater_id,
                key=f"assessment:{assessment.pk}:assigned:{rater_id}",
                title=f"请参加评议：{assessment.title}",
                body=f"请于{assessment.deadline:%Y年%m月%d日}前完成评议打分。",
                url=url,
                committee_id=assessment.committee_id,
            )
    return len(new)


def task_submit(*, task: RaterTask, marks: dict[int, Any], comment: str, by: Any) -> RaterTask:
    """A rater's marks for each rated indicator of his group (0 to the indicator's points)."""
    if task.rater_id != getattr(by, "pk", None):
        raise NotAllowed()
    assessment = task.assessment
    _require_open(assessment)
    wanted = [i for i in rated_indicators(assessment.scheme) if i.rater_weights.get(task.group)]
    clean: dict[str, str] = {}
    for ind in wanted:
        raw = marks.get(ind.pk)
        try:
            value = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            raise DomainError(f"请为“{ind.name}”打分（0至{pts(ind.points)}分）") from None
        if not value.is_finite() or value < 0 or value > ind.points:
            raise DomainError(f"“{ind.name}”的得分须在0至{pts(ind.points)}分之间")
        clean[str(ind.pk)] = str(_q(value))
    with transaction.atomic():
        updated = RaterTask.objects.filter(pk=task.pk, assessment__state=Assessment.State.RATING).update(
            marks=clean,
            comment=comment.strip()[:2000],
            state=RaterTask.State.SUBMITTED,
            submitted_at=timezone.now(),
        )
        if not updated:
            raise DomainError("该考评已结束评议，不能再修改评分")
        task.refresh_from_db()
        record(
            action="assessment.rating.submitted",
            obj=task,
            by=by,
            data={
                "subject": task.subject_id,
                "marks": clean,
                "late": timezone.localdate() > assessment.deadline,
            },
        )
        _recompute_totals(assessment)
    return task


def raters_remind(*, assessment: Assessment, by: Any) -> int:
    """A notice to every rater who still has tasks open; at most one a day per rater."""
    _require_staff(by, assessment.committee_id)
    _require_open(assessment)
    today = timezone.localdate()
    raters = sorted(
        set(
            RaterTask.objects.filter(assessment=assessment, state=RaterTask.State.PENDING).values_list(
                "rater_id", flat=True
            )
        )
    )
    with transaction.atomic():
        for rater_id in raters:
            notify_user(
                rater_id,
                key=f"assessment:{assessment.pk}:remind:{rater_id}:{today}",
                title=f"评议催办：{assessment.title}",
                body=f"您还有评议打分未完成，截止日期{assessment.deadline:%Y年%m月%d日}。",
                url=reverse("assessment:my_tasks"),
                committee_id=assessment.committee_id,
            )
        RaterTask.objects.filter(assessment=assessment, state=RaterTask.State.PENDING).update(
            reminded_at=timezone.now()
        )
        record(action="assessment.raters.reminded", obj=assessment, by=by, data={"raters": len(raters)})
    return len(raters)


def evidence_score(*, subject: Subject, indicator: Indicator, value: Any, note: str, by: Any) -> Score:
    """Staff's points for an indicator scored from evidence (材料审核评分)."""
    _require_staff(by, subject.committee_id)
    _require_open(subject.assessment)
    if indicator.scheme_id != subject.assessment.scheme_id or indicator.method != Method.EVIDENCE:
        raise DomainError("该指标不是材料审核评分的指标")
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError("请填写得分") from None
    if not points.is_finite() or points < 0 or points > indicator.points:
        raise DomainError(f"得分须在0至{pts(indicator.points)}分之间")
    if not note.strip():
        raise DomainError("请写明评分依据")
    with transaction.atomic():
        score, _ = Score.objects.update_or_create(
            subject=subject,
            indicator=indicator,
            defaults={
                "committee_id": subject.committee_id,
                "value": _q(points),
                "note": note.strip(),
                "by": by,
            },
        )
        record(
            action="assessment.score.reviewed",
            obj=subject,
            by=by,
            data={"indicator": indicator.name, "value": str(score.value)},
        )
        _recompute_totals(subject.assessment)
    return score


def compute_automatic(
    *, assessment: Assessment, by: Any = None, on_indicator: Callable[[], None] | None = None
) -> int:
    """Recompute every automatic indicator of every subject from the records (safe to run twice),
    then the rated indicators and the totals. Returns the number of scores written."""
    _require_open(assessment)
    indicators = [i for i in Indicator.objects.filter(scheme=assessment.scheme, method=Method.AUTO)]
    subjects = list(Subject.objects.filter(assessment=assessment))
    ids = {oid: s.pk for s in subjects if (oid := formulas.object_id(s)) is not None}
    written = 0
    with transaction.atomic():
        for ind in indicators:
            formula = formulas.FORMULAS.get(ind.formula)
            if formula is None:
                continue
            figures = formula.compute(assessment.committee_id, assessment.year, ids)
            existing = {
                s.subject_id: s for s in Score.objects.filter(indicator=ind, subject__assessment=assessment)
            }
            new, changed = [], []
            for subject_id, figure in figures.items():
                value = formulas.points_for(ind.points, figure)
                row = existing.get(subject_id)
                if row is None:
                    new.append(
                        Score(
                            committee_id=assessment.committee_id,
                            subject_id=subject_id,
                            indicator=ind,
                            value=value,
                            figures=figure.as_json(),
                        )
                    )
                elif row.value != value or row.figures != figure.as_json():
                    # Unchanged scores are not rewritten: the nightly rerun writes nothing.
                    row.value, row.figures = value, figure.as_json()
                    changed.append(row)
            Score.objects.bulk_create(new)
            Score.objects.bulk_update(changed, ["value", "figures"])
            written += len(new) + len(changed)
            if on_indicator is not None:
                on_indicator()
        Assessment.objects.filter(pk=assessment.pk).update(computed_at=timezone.now())
        _recompute_totals(assessment)
        record(action="assessment.assessment.computed", obj=assessment, by=by, data={"scores": written})
    return written


def _rating_values(assessment: Assessment) -> dict[tuple[int, int], tuple[Decimal, dict[str, Any]]]:
    """(subject, indicator) → the weighted mean of the groups' mean marks, over the groups that
    submitted; and the figures (each group's mean and count)."""
    rated = {i.pk: i for i in rated_indicators(assessment.scheme)}
    sums: dict[tuple[int, int, str], list[Decimal]] = defaultdict(list)
    for subject_id, group, marks in RaterTask.objects.filter(
        assessment=assessment, state=RaterTask.State.SUBMITTED
    ).values_list("subject_id", "group", "marks"):
        for key, value in marks.items():
            if int(key) in rated:
                sums[(subject_id, int(key), group)].append(Decimal(value))
    by_pair: dict[tuple[int, int], dict[str, tuple[Decimal, int]]] = defaultdict(dict)
    for (subject_id, ind_id, group), values in sums.items():
        by_pair[(subject_id, ind_id)][group] = (sum(values, Decimal(0)) / len(values), len(values))
    result = {}
    for (subject_id, ind_id), groups in by_pair.items():
        weights = rated[ind_id].rater_weights
        total_weight = sum(Decimal(weights.get(g, 0)) for g in groups)
        if total_weight <= 0:
            continue
        value = (
            sum((mean * Decimal(weights.get(g, 0)) for g, (mean, _) in groups.items()), Decimal(0))
            / total_weight
        )
        result[(subject_id, ind_id)] = (
            _q(value),
            {"groups": {g: {"mean": str(_q(m)), "count": n} for g, (m, n) in groups.items()}},
        )
    return result


def _recompute_totals(assessment: Assessment) -> None:
    """Write the rated scores from the submitted ratings, then totals, ranks and grades."""
    ratings = _rating_values(assessment)
    rated_ids = {i.pk for i in rated_indicators(assessment.scheme)}
    existing = {
        (s.subject_id, s.indicator_id): s
        for s in Score.objects.filter(subject__assessment=assessment, indicator_id__in=rated_ids)
    }
    new, changed = [], []
    for (subject_id, ind_id), (value, figures) in ratings.items():
        row = existing.pop((subject_id, ind_id), None)
        if row is None:
            new.append(
                Score(
                    committee_id=assessment.committee_id,
                    subject_id=subject_id,
                    indicator_id=ind_id,
                    value=value,
                    figures=figures,
                )
            )
        else:
            row.value, row.figures = value, figures
            changed.append(row)
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["value", "figures"])
    Score.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
    rank_subjects(assessment)


def assessment_close(*, assessment: Assessment, by: Any) -> Assessment:
    _recompute_totals(assessment)
    transition(
        assessment,
        table=TABLE,
        to=Assessment.State.CLOSED,
        by=by,
        roles=roles_in(by, assessment.committee_id),
        state_labels=dict(Assessment.State.choices),
    )
    return assessment


def assessment_reopen(*, assessment: Assessment, by: Any, deadline: date) -> Assessment:
    if deadline < timezone.localdate():
        raise DomainError("新的评议截止日期不能早于今天")
    transition(
        assessment,
        table=TABLE,
        to=Assessment.State.RATING,
        by=by,
        roles=roles_in(by, assessment.committee_id),
        state_labels=dict(Assessment.State.choices),
        fields={"deadline": deadline},
    )
    return assessment


def subject_accounts(subjects: Iterable[Subject]) -> dict[int, list[int]]:
    """Subject id → the accounts of its handling unit (clerks and leaders)."""
    by_unit = {s.handling_unit_id: s.pk for s in subjects if s.handling_unit_id}
    result: dict[int, list[int]] = defaultdict(list)
    for user_id, unit_id in RoleAssignment.objects.filter(
        handling_unit_id__in=list(by_unit), role__in=[Role.UNIT_CLERK, Role.UNIT_LEADER]
    ).values_list("user_id", "handling_unit_id"):
        result[by_unit[unit_id]].append(user_id)
    return result


def assessment_publish(*, assessment: Assessment, by: Any) -> Assessment:
    """Publish the results to the subjects; the objection window starts today."""
    now = timezone.now()
    until = timezone.localdate() + timedelta(days=assessment.scheme.objection_days)
    subjects = list(Subject.objects.filter(assessment=assessment))

    def tell() -> None:
        for subject_id, users in subject_accounts(subjects).items():
            for user_id in users:
                notify_user(
                    user_id,
                    key=f"assessment:{assessment.pk}:published:{user_id}",
                    title=f"考评结果已公布：{assessment.title}",
                    body=f"如对结果有异议，请于{until:%Y年%m月%d日}前在评分表页面提出。",
                    url=reverse("assessment:card", args=[subject_id]),
                    committee_id=assessment.committee_id,
                )

    transition(
        assessment,
        table=TABLE,
        to=Assessment.State.PUBLISHED,
        by=by,
        roles=roles_in(by, assessment.committee_id),
        state_labels=dict(Assessment.State.choices),
        fields={"published_at": now, "objection_until": until},
        after_commit=[tell],
    )
    return assessment

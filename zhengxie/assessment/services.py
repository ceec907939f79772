"""Every write of assessment: schemes and their versions, opening an assessment with its subjects,
assigning raters, ratings, automatic and evidence scores, results, publication and objections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Consultation
from zhengxie.consultations.services import quality
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import Committee, HandlingUnit, RoleAssignment, Sector, SpecialCommittee
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in
from zhengxie.proposals.models import Assignment as ProposalAssignment
from zhengxie.proposals.models import Proposal

from . import formulas
from .defaults import DEFAULTS
from .formulas import pts
from .models import (
    Assessment,
    ConsultationReview,
    Indicator,
    Method,
    Objection,
    RaterGroup,
    RaterTask,
    Scheme,
    Score,
    Subject,
    SubjectKind,
)
from .permissions import MANAGE_ROLES, can_manage
from .workflow import TABLE

CENT = Decimal("0.01")


def _require_staff(by: Any, committee_id: int) -> None:
    if by is not None and not can_manage(by, committee_id):
        raise NotAllowed()


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- schemes --------------------------------------------------------------------------------


def schemes_create_defaults(*, committee: Committee, year: int, by: Any) -> list[Scheme]:
    """The default schemes of `year` for the kinds the committee has none of yet."""
    _require_staff(by, committee.pk)
    existing = set(
        Scheme.objects.filter(committee=committee, year=year, is_current=True).values_list("kind", flat=True)
    )
    created = []
    with transaction.atomic():
        for kind, (name, groups, anonymous) in DEFAULTS.items():
            if kind in existing:
                continue
            scheme = Scheme.objects.create(
                committee=committee, year=year, kind=kind, name=name, anonymous=anonymous, created_by=by
            )
            for order, (group, rows) in enumerate(groups, start=1):
                parent = Indicator.objects.create(
                    committee=committee,
                    scheme=scheme,
                    order=order,
                    name=group,
                    points=sum((Decimal(str(r[1])) for r in rows), Decimal(0)),
                )
                for sub, (label, points, method, how, standard) in enumerate(rows, start=1):
                    Indicator.objects.create(
                        committee=committee,
                        scheme=scheme,
                        parent=parent,
                        order=sub,
                        name=label,
                        points=Decimal(str(points)),
                        method=method,
                        formula=how if method == Method.AUTO else "",
                        rater_weights=how if method == Method.RATING else {},
                        standard=standard,
                    )
            record(action="assessment.scheme.created", obj=scheme, by=by, data={"year": year, "kind": kind})
            created.append(scheme)
    return created


def scheme_in_use(scheme: Scheme) -> bool:
    return Assessment.objects.filter(scheme=scheme).exists()


def _editable(scheme: Scheme, by: Any) -> tuple[Scheme, dict[int, Indicator]]:
    """The version to change: the scheme itself while no assessment uses it, else a new version
    copied from it (the old one stays with the assessments scored on it). Returns the version and
    the old indicator id → its copy."""
    if not scheme.is_current:
        raise DomainError("这是方案的旧版本，只能查看；请修改当前版本")
    if not scheme_in_use(scheme):
        return scheme, {i.pk: i for i in scheme.indicators.all()}
    root_id = scheme.root_id or scheme.pk
    latest = Scheme.objects.filter(Q(pk=root_id) | Q(root_id=root_id)).order_by("-version").first()
    assert latest is not None
    Scheme.objects.filter(pk=scheme.pk).update(is_current=False)
    old_pk = scheme.pk
    indicators = list(Indicator.objects.filter(scheme_id=old_pk).order_by("parent_id", "order", "id"))
    new = Scheme.objects.get(pk=old_pk)
    new.pk = None
    new.root_id = root_id
    new.version = latest.version + 1
    new.is_current = True
    new.created_by = by if getattr(by, "pk", None) else None
    new.save()
    copies: dict[int, Indicator] = {}
    for ind in sorted(indicators, key=lambda i: (i.parent_id is not None, i.order, i.pk)):
        old_id = ind.pk
        ind.pk = None
        ind.scheme = new
        ind.parent = copies[ind.parent_id] if ind.parent_id else None
        ind.save()
        copies[old_id] = ind
    record(
        action="assessment.scheme.versioned",
        obj=new,
        by=by,
        data={"from": old_pk, "version": new.version},
    )
    return new, copies


def scheme_update(
    *,
    scheme: Scheme,
    by: Any,
    name: str,
    anonymous: bool,
    objection_days: int,
    grade_bands: list[list[Any]],
    note: str = "",
) -> Scheme:
    _require_staff(by, scheme.committee_id)
    if not name.strip():
        raise DomainError("请填写方案名称")
    with transaction.atomic():
        target, _ = _editable(scheme, by)
        target.name, target.anonymous, target.note = name.strip(), anonymous, note
        target.objection_days, target.grade_bands = objection_days, grade_bands
        target.save(update_fields=["name", "anonymous", "note", "objection_days", "grade_bands"])
        record(action="assessment.scheme.changed", obj=target, by=by, data={"name": target.name})
    return target


def _check_indicator(kind: str, method: str, formula: str, weights: dict[str, int], points: Decimal) -> None:
    if points <= 0 or points > 100:
        raise DomainError("分值须大于0且不超过100")
    if method == Method.AUTO:
        found = formulas.FORMULAS.get(formula)
        if found is None or found.kind != kind:
            raise DomainError("请为自动计算的指标选择一个适用于此类考评对象的计算公式")
    elif method == Method.RATING:
        if not weights or sum(weights.values()) <= 0:
            raise DomainError("评议打分的指标至少要有一个评议组，且权重之和大于0")
        if set(weights) - set(RaterGroup.values):
            raise DomainError("评议组不正确")
    elif method != Method.EVIDENCE:
        raise DomainError("请选择评分方式")


def indicator_save(
    *,
    scheme: Scheme,
    by: Any,
    indicator: Indicator | None,
    parent: Indicator | None,
    name: str,
    points: Decimal,
    method: str,
    formula: str = "",
    rater_weights: dict[str, int] | None = None,
    standard: str = "",
) -> Indicator:
    """Add a second-level indicator under `parent` (or a new first-level one named `name` when
    `parent` is None and `method` is empty), or change `indicator`. Versioned when in use."""
    _require_staff(by, scheme.committee_id)
    weights = {k: int(v) for k, v in (rater_weights or {}).items() if int(v) > 0}
    name = name.strip()
    if not name:
        raise DomainError("请填写指标名称")
    is_group = indicator.is_group if indicator is not None else parent is None
    if not is_group:
        _check_indicator(scheme.kind, method, formula, weights, points)
    with transaction.atomic():
        target, copies = _editable(scheme, by)
        if indicator is not None:
            row = copies[indicator.pk]
        else:
            row = Indicator(committee_id=target.committee_id, scheme=target)
            if parent is not None:
                row.parent = copies[parent.pk]
            siblings = Indicator.objects.filter(scheme=target, parent=row.parent)
            row.order = (max((i.order for i in siblings), default=0)) + 1
        row.name = name
        if not is_group:
            row.points, row.method, row.standard = points, method, standard
            row.formula = formula if method == Method.AUTO else ""
            row.rater_weights = weights if method == Method.RATING else {}
        row.save()
        _sum_groups(target)
        record(
            action="assessment.indicator.saved",
            obj=target,
            by=by,
            data={"indicator": row.name, "points": str(row.points), "method": row.method},
        )
    return row


def indicator_delete(*, scheme: Scheme, indicator: Indicator, by: Any) -> Scheme:
    _require_staff(by, scheme.committee_id)
    with transaction.atomic():
        target, copies = _editable(scheme, by)
        row = copies[indicator.pk]
        name = row.name
        row.delete()
        _sum_groups(target)
        record(action="assessment.indicator.deleted", obj=target, by=by, data={"indicator": name})
    return target


def _sum_groups(scheme: Scheme) -> None:
    """A first-level indicator's points are the sum of its children."""
    rows = list(Indicator.objects.filter(scheme=scheme))
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for r in rows:
        if r.parent_id:
            sums[r.parent_id] += r.points
    for r in rows:
        if r.parent_id is None and r.points != sums[r.pk]:
            Indicator.objects.filter(pk=r.pk).update(points=sums[r.pk])


# --- assessments ---------------------------------------------------------------------------------


def _subjects_of(committee: Committee, kind: str, office_names: Iterable[str]) -> list[dict[str, Any]]:
    if kind == SubjectKind.UNIT:
        return [
            {"name": u.name, "handling_unit": u}
            for u in HandlingUnit.objects.filter(committee=committee, is_active=True).order_by("name", "id")
        ]
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
    names = [n.strip()[:100] for n in office_names if n.strip()]
    return [{"name": n} for n in dict.fromkeys(names)]


def assessment_open(
    *,
    committee: Committee,
    scheme: Scheme,
    year: int,
    title: str,
    deadline: date,
    by: Any,
    office_names: Iterable[str] = (),
) -> Assessment:
    """Open an assessment on the scheme's current version with every subject of its kind."""
    _require_staff(by, committee.pk)
    if scheme.committee_id != committee.pk or not scheme.is_current:
        raise DomainError("请选择本政协方案的当前版本")
    if not Indicator.objects.filter(scheme=scheme, parent__isnull=False).exists():
        raise DomainError("该方案还没有二级指标，请先完善方案")
    if deadline < timezone.localdate():
        raise DomainError("评议截止日期不能早于今天")
    subjects = _subjects_of(committee, scheme.kind, office_names)
    if not subjects:
        raise DomainError("没有可考评的对象：机关处室考评请逐行填写处室名称")
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


def recipient_id_or_user(user_id: int) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=user_id)


def notify_user(user_id: int, **kwargs: Any) -> None:
    notify(recipient=recipient_id_or_user(user_id), **kwargs)


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
                else:
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


# --- objections -------------------------------------------------------------------------------------


def objection_raise(*, subject: Subject, reason: str, by: Any) -> Objection:
    assessment = subject.assessment
    if assessment.state != Assessment.State.PUBLISHED or assessment.objection_until is None:
        raise DomainError("考评结果尚未公布，不能提出异议")
    if timezone.localdate() > assessment.objection_until:
        raise DomainError(f"异议期已于{assessment.objection_until:%Y年%m月%d日}结束")
    if not reason.strip():
        raise DomainError("请写明异议理由")
    if Objection.objects.filter(subject=subject, state=Objection.State.PENDING).exists():
        raise DomainError("已有一项异议正在处理，请等待处理结果")
    with transaction.atomic():
        objection = Objection.objects.create(
            committee_id=subject.committee_id, subject=subject, reason=reason.strip()[:2000], raised_by=by
        )
        record(action="assessment.objection.raised", obj=objection, by=by, data={"subject": subject.name})
        staff = RoleAssignment.objects.filter(
            committee_id=subject.committee_id, role__in=MANAGE_ROLES
        ).values_list("user_id", flat=True)
        for user_id in sorted(set(staff)):
            notify_user(
                user_id,
                key=f"assessment:objection:{objection.pk}:{user_id}",
                title=f"考评异议待处理：{subject.name}",
                url=reverse("assessment:card", args=[subject.pk]),
                committee_id=subject.committee_id,
            )
    return objection


def objection_decide(
    *,
    objection: Objection,
    accept: bool,
    decision: str,
    by: Any,
    indicator: Indicator | None = None,
    value: Any = None,
) -> Objection:
    """Staff's decision. Accepting may correct one indicator's points (then the totals, ranks and
    grades are recomputed); the old and new points are in the audit event."""
    subject = objection.subject
    _require_staff(by, subject.committee_id)
    if objection.state != Objection.State.PENDING:
        raise DomainError("该异议已处理")
    if not decision.strip():
        raise DomainError("请填写处理意见")
    data: dict[str, Any] = {"subject": subject.name, "accepted": accept}
    with transaction.atomic():
        if accept and indicator is not None:
            if indicator.scheme_id != subject.assessment.scheme_id or indicator.is_group:
                raise DomainError("请选择本方案的二级指标")
            try:
                points = Decimal(str(value).strip())
            except (InvalidOperation, ValueError):
                raise DomainError("请填写更正后的得分") from None
            if not points.is_finite() or points < 0 or points > indicator.points:
                raise DomainError(f"得分须在0至{pts(indicator.points)}分之间")
            score = Score.objects.filter(subject=subject, indicator=indicator).first()
            data.update(
                indicator=indicator.name, old=str(score.value) if score else None, new=str(_q(points))
            )
            Score.objects.update_or_create(
                subject=subject,
                indicator=indicator,
                defaults={
                    "committee_id": subject.committee_id,
                    "value": _q(points),
                    "note": f"异议更正：{decision.strip()}",
                    "by": by,
                },
            )
            rank_subjects(subject.assessment)
        updated = Objection.objects.filter(pk=objection.pk, state=Objection.State.PENDING).update(
            state=Objection.State.ACCEPTED if accept else Objection.State.REFUSED,
            decision=decision.strip()[:2000],
            decided_by=by,
            decided_at=timezone.now(),
        )
        if not updated:
            raise DomainError("该异议已处理")
        objection.refresh_from_db()
        record(action="assessment.objection.decided", obj=objection, by=by, data=data)
        notify_user(
            objection.raised_by_id,
            key=f"assessment:objection:{objection.pk}:decided",
            title=f"考评异议处理结果：{objection.get_state_display()}",
            body=objection.decision,
            url=reverse("assessment:card", args=[subject.pk]),
            committee_id=subject.committee_id,
        )
    return objection


def rank_subjects(assessment: Assessment) -> None:
    """Totals from the scores, then ranks (equal totals share a rank) and grades."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for subject_id, value in Score.objects.filter(
        subject__assessment=assessment, value__isnull=False
    ).values_list("subject_id", "value"):
        totals[subject_id] += value or Decimal(0)
    subjects = list(Subject.objects.filter(assessment=assessment))
    for s in subjects:
        s.total = _q(totals.get(s.pk, Decimal(0)))
    previous, rank = None, 0
    for position, s in enumerate(sorted(subjects, key=lambda s: (-(s.total or 0), s.name)), start=1):
        if s.total != previous:
            rank, previous = position, s.total
        s.rank = rank
        s.grade = assessment.scheme.grade_for(s.total)
    Subject.objects.bulk_update(subjects, ["total", "rank", "grade"])


# --- third-party rating of consultations --------------------------------------------------------------


def consultation_review_invite(*, consultation: Consultation, by: Any) -> int:
    """Ask every third-party rater of the committee to rate the consultation; each is notified
    once and sees the task on its rating page. Returns how many were newly asked."""
    _require_staff(by, consultation.committee_id)
    if consultation.state not in quality.RATABLE:
        raise DomainError("会议召开并报送成果后才能请第三方评价")
    raters = group_users(consultation.committee_id, RaterGroup.EXTERNAL)
    if not raters:
        raise DomainError("本政协还没有第三方评议员账号，请安全管理员授予")
    asked = set(
        ConsultationReview.objects.filter(consultation=consultation).values_list("rater_id", flat=True)
    )
    new = [u for u in raters if u.pk not in asked]
    with transaction.atomic():
        ConsultationReview.objects.bulk_create(
            ConsultationReview(
                committee_id=consultation.committee_id, consultation=consultation, rater=u, invited_by=by
            )
            for u in new
        )
        record(
            action="assessment.consultation_review.invited",
            obj=consultation,
            by=by,
            data={"raters": [u.pk for u in new]},
        )
        for u in new:
            notify_user(
                u.pk,
                key=f"assessment:consultation:{consultation.pk}:{u.pk}",
                title=f"请评价协商活动：{consultation.title}",
                url=reverse("assessment:rate_consultation", args=[consultation.pk]),
                committee_id=consultation.committee_id,
            )
    return len(new)


def consultation_review_submit(
    *, review: ConsultationReview, by: Any, scores: dict[str, Any], comment: str
) -> ConsultationReview:
    """The third party's scores on the rubric, stored as the consultation's own rating."""
    if review.rater_id != getattr(by, "pk", None):
        raise NotAllowed()
    with transaction.atomic():
        quality.rating_save(consultation=review.consultation, by=by, scores=scores, comment=comment)
        ConsultationReview.objects.filter(pk=review.pk).update(done_at=timezone.now())
        review.refresh_from_db()
    return review

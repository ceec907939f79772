"""Schemes and their indicators; a scheme an assessment uses changes only by a new version."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Committee

from .. import formulas
from ..defaults import DEFAULTS
from ..models import (
    Assessment,
    Indicator,
    Method,
    RaterGroup,
    Scheme,
)
from .common import _require_staff

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


def group_delete(*, scheme: Scheme, group: Indicator, by: Any) -> Scheme:
    """Delete a first-level indicator with its second-level ones. Only while no assessment uses
    this version: a version in use keeps its structure (its scores hang on those indicators), and
    a new version is not made for a deletion so that nothing disappears from under finished
    scores by accident."""
    _require_staff(by, scheme.committee_id)
    if group.scheme_id != scheme.pk or not group.is_group:
        raise DomainError("请选择本方案的一级指标")
    if not scheme.is_current:
        raise DomainError("这是方案的旧版本，只能查看；请修改当前版本")
    if scheme_in_use(scheme):
        raise DomainError("该方案版本已有考评在用，不能删除一级指标；可修改其二级指标（将生成新版本）")
    with transaction.atomic():
        children = list(Indicator.objects.filter(parent=group).values_list("name", flat=True))
        Indicator.objects.filter(parent=group).delete()
        group.delete()
        record(
            action="assessment.indicator.group_deleted",
            obj=scheme,
            by=by,
            data={"indicator": group.name, "children": children},
        )
    return scheme


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

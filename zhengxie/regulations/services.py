"""Every write of the regulations library: a new rule with its first version, a revision (the
next version), repeal. Activity staff (the general office) keep the library."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role
from zhengxie.search.index import reindex

from .models import Regulation, Version


def _require_staff(by: Any, committee_id: int) -> None:
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()


def _check_version(doc_number: str, adopted_on: date, effective_on: date, text: str, note: str) -> list[str]:
    problems = []
    if len(doc_number.strip()) > 60:
        problems.append("文号不超过60个字")
    if effective_on < adopted_on:
        problems.append("施行日期不能早于通过日期")
    if not text.strip():
        problems.append("请填写正文")
    if len(note.strip()) > 500:
        problems.append("修订说明不超过500个字")
    return problems


def regulation_create(
    *,
    committee_id: int,
    by: Any,
    title: str,
    category: str,
    adopted_on: date,
    effective_on: date,
    text: str,
    doc_number: str = "",
) -> Regulation:
    _require_staff(by, committee_id)
    title = title.strip()
    problems = []
    if not title or len(title) > 200:
        problems.append("请填写制度名称（不超过200个字）")
    if category not in Regulation.Category.values:
        problems.append("请选择类别")
    problems += _check_version(doc_number, adopted_on, effective_on, text, "")
    if not problems and Regulation.objects.filter(committee_id=committee_id, title=title).exists():
        problems.append(f"制度库中已有“{title}”，如需修改请修订")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        regulation = Regulation.objects.create(committee_id=committee_id, title=title, category=category)
        Version.objects.create(
            committee_id=committee_id, regulation=regulation, number=1, kind=Version.Kind.NEW,
            doc_number=doc_number.strip(), adopted_on=adopted_on, effective_on=effective_on, text=text.strip(),
            recorded_by=by,
        )  # fmt: skip
        record(
            action="regulations.regulation.created",
            obj=regulation,
            by=by,
            data={"effective_on": effective_on},
        )
        reindex("regulation", regulation.pk)
    return regulation


def regulation_revise(
    *,
    regulation: Regulation,
    by: Any,
    adopted_on: date,
    effective_on: date,
    text: str,
    note: str,
    doc_number: str = "",
) -> Version:
    _require_staff(by, regulation.committee_id)
    if regulation.is_repealed:
        raise DomainError("该制度已废止，不能修订")
    problems = _check_version(doc_number, adopted_on, effective_on, text, note)
    if not note.strip():
        problems.append("请填写修订说明")
    last = Version.objects.filter(regulation=regulation).order_by("-number").first()
    if last is not None and adopted_on < last.adopted_on:
        problems.append("修订的通过日期不能早于上一版")
    if problems:
        raise DomainError("；".join(problems))
    try:
        with transaction.atomic():
            number = (Version.objects.filter(regulation=regulation).aggregate(n=Max("number"))["n"] or 0) + 1
            version = Version.objects.create(
                committee_id=regulation.committee_id, regulation=regulation, number=number, kind=Version.Kind.REVISED,
                doc_number=doc_number.strip(), adopted_on=adopted_on, effective_on=effective_on, text=text.strip(),
                note=note.strip(), recorded_by=by,
            )  # fmt: skip
            record(
                action="regulations.regulation.revised", obj=regulation, by=by,
                data={"version": number, "effective_on": effective_on},
            )  # fmt: skip
            reindex("regulation", regulation.pk)
    except IntegrityError as exc:
        raise Conflict() from exc
    return version


def regulation_repeal(*, regulation: Regulation, by: Any, repealed_on: date) -> Regulation:
    _require_staff(by, regulation.committee_id)
    if regulation.is_repealed:
        raise DomainError("该制度已废止")
    with transaction.atomic():
        Regulation.objects.filter(pk=regulation.pk).update(is_repealed=True, repealed_on=repealed_on)
        regulation.is_repealed, regulation.repealed_on = True, repealed_on
        record(action="regulations.regulation.repealed", obj=regulation, by=by, data={"on": repealed_on})
        reindex("regulation", regulation.pk)
    return regulation

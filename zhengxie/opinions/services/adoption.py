"""Adoptions (采用) per recipient and level, leaders' instructions (批示), and the points they
earn (domain.md §2.4).

Points come from the author's committee-year duty rules (duty/defaults.py: S02 本级采用, S03
上级政协采用 市级/省级, S04 全国政协 转送/单篇采用, S05 领导批示 by level, with a 主要领导 variant
per level, S06 批示落实情况已反馈). Along one chain (an item and its copies at higher levels) only
the highest adoption counts: when a higher level adopts later, the lower adoption's entries are
reversed and the higher one's recorded. Instructions add, and so does each instruction's
documented feedback. The same points go to the reporting participating unit's tally, and follow a
later change of the rule's points as the authors' entries do (`tallies_rescore`). Everything
here is idempotent, so scoring a chain twice changes nothing.

An instruction's feedback is recorded by the centre (`instruction_feedback`) or, when the
supervision item opened for it is accepted as done, from the item's completion report
(`instruction_item_done`, named in settings.SUPERVISION_DONE_RECEIVERS); both go through
`_feedback_store`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.duty.defaults import PRINCIPAL_SUFFIX
from zhengxie.duty.models import Rule
from zhengxie.duty.services import entries_reverse_for_source, record_points, rescaled, rule_get
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import Committee, HandlingUnit
from zhengxie.supervision.config import source_named
from zhengxie.supervision.models import Item as SupervisionItem
from zhengxie.supervision.services.items import ItemData, item_register

from ..models import Adoption, Author, Instruction, Level, Opinion, UnitTally
from .common import notify_authors, require_info_staff

S = Opinion.State
ADOPTION_CODES = ["S02", "S03", "S04"]
INSTRUCTION_VARIANTS = {
    Instruction.Level.COUNTY: "县级",
    Instruction.Level.CITY: "市级",
    Instruction.Level.PROVINCE: "省级",
    Instruction.Level.CENTRAL: "中央",
}
ADOPTABLE = (S.ISSUED, S.REPORTED)
FEEDBACK_CODE = "S06"


def rule_for(adoption: Adoption) -> tuple[int, str, str]:
    """(rank, duty rule code, variant) of an adoption; a higher rank beats a lower one."""
    if adoption.level == Level.LOCAL:
        return 1, "S02", ""
    if adoption.level == Level.CITY:
        return 2, "S03", "市级"
    if adoption.level == Level.PROVINCE:
        return 3, "S03", "省级"
    if adoption.kind == Adoption.Kind.SINGLE:
        return 5, "S04", "单篇采用"
    return 4, "S04", "转送"


def instruction_variant(instruction: Instruction, rule: Rule) -> str:
    """The S05 variant an instruction scores: its leader's level, or that level's 主要领导 variant
    (1.5 times by default) for a principal leader. A committee whose table has no such variant
    (staff removed it) scores a principal leader's instruction like any other of its level."""
    level = INSTRUCTION_VARIANTS[instruction.level]  # type: ignore[index]
    principal = f"{level}{PRINCIPAL_SUFFIX}"
    if instruction.is_principal and principal in rule.variants:
        return principal
    return level


def level_between(committee: Committee, origin_committee_id: int) -> str:
    """The level of `committee` seen from the item's origin: its own committee is 本级."""
    if committee.pk == origin_committee_id:
        return Level.LOCAL
    return {
        Committee.Level.CITY: Level.CITY,
        Committee.Level.PROVINCE: Level.PROVINCE,
        Committee.Level.NATIONAL: Level.NATIONAL,
    }.get(committee.level, Level.LOCAL)  # type: ignore[call-overload]


def _root(opinion: Opinion) -> Opinion:
    return opinion.origin if opinion.origin_id else opinion  # type: ignore[return-value]


def adoption_store(
    opinion: Opinion, *, by: Any, level: str, kind: str, recipient: str, adopted_on: date, issue_label: str
) -> Adoption:
    root = _root(opinion)
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                committee_id=opinion.committee_id,
                opinion=opinion,
                origin=root,
                level=level,
                kind=kind,
                recipient=recipient[:100],
                adopted_on=adopted_on,
                issue_label=issue_label[:60],
                recorded_by=by,
            )
    except IntegrityError:
        raise DomainError("该采用情况已经登记") from None
    record(
        action="opinions.adoption.recorded",
        obj=opinion,
        by=by,
        data={"level": level, "kind": kind, "recipient": recipient[:100], "origin": root.pk},
    )
    score_chain(origin=root, by=by)
    notify_authors(
        opinion,
        key=f"adopted:{adoption.pk}",
        title=f"您的社情民意信息被{recipient[:30]}{adoption.get_kind_display()}",
        body=f"《{opinion.title[:40]}》{issue_label}",
    )
    return adoption


def adopted_here(opinion: Opinion, *, by: Any, kind: str, recipient: str, issue_label: str = "") -> Adoption:
    """The committee holding the item published or forwarded it: an adoption at its level."""
    committee = Committee.objects.get(pk=opinion.committee_id)
    root_committee = _root(opinion).committee_id
    level = level_between(committee, root_committee)
    if level == Level.NATIONAL and kind == Adoption.Kind.ADOPTED:
        kind = Adoption.Kind.SINGLE
    return adoption_store(
        opinion,
        by=by,
        level=level,
        kind=kind,
        recipient=recipient,
        adopted_on=timezone.localdate(),
        issue_label=issue_label,
    )


def adoption_record(
    *,
    opinion: Opinion,
    by: Any,
    level: str,
    kind: str,
    recipient: str,
    adopted_on: date,
    issue_label: str = "",
) -> Adoption:
    """Record an adoption the centre learned of (市委办采用, 全国政协单篇采用…)."""
    require_info_staff(by, opinion.committee_id)
    if opinion.state not in ADOPTABLE:
        raise DomainError("只有已编发或已报送的信息才能登记采用情况")
    if level not in Level.values or kind not in Adoption.Kind.values:
        raise DomainError("请选择采用层级和方式")
    if kind == Adoption.Kind.SINGLE and level != Level.NATIONAL:
        raise DomainError("单篇采用只适用于全国政协")
    if not recipient.strip():
        raise DomainError("请填写采用单位")
    if adopted_on > timezone.localdate():
        raise DomainError("采用日期不能晚于今天")
    with transaction.atomic():
        return adoption_store(
            opinion,
            by=by,
            level=level,
            kind=kind,
            recipient=recipient.strip(),
            adopted_on=adopted_on,
            issue_label=issue_label.strip(),
        )


def instruction_record(
    *,
    opinion: Opinion,
    by: Any,
    leader_name: str,
    level: str,
    text: str,
    given_on: date,
    is_principal: bool = False,
    department: HandlingUnit | None = None,
    due_on: date | None = None,
) -> Instruction:
    """Record a leader's instruction; with a department, open a supervision item for it."""
    require_info_staff(by, opinion.committee_id)
    problems = []
    if opinion.state not in ADOPTABLE:
        problems.append("只有已编发或已报送的信息才能登记领导批示")
    if not leader_name.strip() or len(leader_name.strip()) > 50:
        problems.append("请填写批示领导（不超过50个字）")
    if level not in Instruction.Level.values:
        problems.append("请选择批示领导的层级")
    if not text.strip():
        problems.append("请填写批示内容")
    if given_on > timezone.localdate():
        problems.append("批示日期不能晚于今天")
    if department is not None and (
        department.committee_id != opinion.committee_id or not department.is_active
    ):
        problems.append("落实部门须是本政协的有效承办单位")
    if problems:
        raise DomainError("；".join(problems))
    root = _root(opinion)
    with transaction.atomic():
        instruction = Instruction.objects.create(
            committee_id=opinion.committee_id,
            opinion=opinion,
            origin=root,
            leader_name=leader_name.strip(),
            level=level,
            is_principal=is_principal,
            text=text.strip(),
            given_on=given_on,
            department=department,
            recorded_by=by,
        )
        record(
            action="opinions.instruction.recorded",
            obj=opinion,
            by=by,
            data={"instruction": instruction.pk, "leader": instruction.leader_name, "level": level},
        )
        if department is not None:
            item = item_register(
                committee_id=opinion.committee_id,
                by=by,
                data=ItemData(
                    title=f"落实{instruction.leader_name}对《{opinion.title[:60]}》的批示",
                    source=source_named(opinion.committee_id, "社情民意批示"),
                    due_on=due_on or timezone.localdate() + timedelta(days=30),
                    lead_unit=department,
                    content=instruction.text,
                    category="社情民意",
                ),
                link=instruction,
                link_label=f"社情民意批示：{opinion.title[:100]}",
                link_url=reverse("opinions:detail", args=[opinion.pk]),
            )
            instruction.supervision_item_id = item.pk
            instruction.save(update_fields=["supervision_item_id"])
        score_chain(origin=root, by=by)
        notify_authors(
            opinion,
            key=f"instruction:{instruction.pk}",
            title=f"您的社情民意信息获{instruction.leader_name}批示",
            body=instruction.text[:200],
        )
    return instruction


def instruction_feedback(*, instruction: Instruction, by: Any, text: str) -> Instruction:
    """The centre records how the instruction was carried out (an instruction without a
    supervision item, or whose outcome is known before the item is accepted)."""
    require_info_staff(by, instruction.committee_id)
    if not text.strip():
        raise DomainError("请填写落实情况")
    with transaction.atomic():
        _feedback_store(instruction, by=by, text=text.strip())
    return instruction


def instruction_item_done(*, item: SupervisionItem, by: Any) -> None:
    """Supervision accepted the item that followed the instruction up as done (called in that
    transaction): its completion report becomes the instruction's feedback, unless the centre
    has recorded feedback already."""
    if item.link_id is None:
        return
    instruction = Instruction.objects.select_related("opinion").filter(pk=item.link_id).first()
    if instruction is None or instruction.feedback_at is not None:
        return
    # The report is required when the unit reports completion; the fallback only guards old rows.
    text = item.completion_text.strip() or f"督办事项{item.number}已核实办结。"
    _feedback_store(instruction, by=by, text=text, item=item)


def _feedback_store(
    instruction: Instruction, *, by: Any, text: str, item: SupervisionItem | None = None
) -> None:
    """Store the feedback, audit it, score S06 for the authors (once per instruction) and tell
    them. From supervision it never overwrites feedback the centre recorded meanwhile."""
    now = timezone.now()
    rows = Instruction.objects.filter(pk=instruction.pk)
    if item is not None:
        rows = rows.filter(feedback_at__isnull=True)
    if not rows.update(feedback=text, feedback_at=now):
        return
    instruction.feedback, instruction.feedback_at = text, now
    record(
        action="opinions.instruction.feedback",
        obj=instruction.opinion,
        by=by,
        data={"instruction": instruction.pk, "supervision_item": item.pk if item else None},
    )
    score_chain(origin=instruction.origin, by=by)
    notify_authors(
        instruction.opinion,
        key=f"feedback:{instruction.pk}",
        title=f"批示落实情况反馈：{instruction.opinion.title[:30]}",
        body=text[:500],
    )


def _unit_points(committee_id: int, year: int, code: str, variant: str) -> Decimal:
    return rule_get(committee_id, year, code).points_for(variant)


def score_chain(*, origin: Opinion, by: Any) -> None:
    """Bring the chain's points in line with its adoptions and instructions (idempotent)."""
    adoptions = list(Adoption.objects.filter(origin=origin).order_by("id"))
    instructions = list(Instruction.objects.filter(origin=origin).order_by("id"))
    members = [row.member for row in Author.objects.filter(opinion=origin).select_related("member")]
    units = _units(origin)
    best = max(adoptions, key=lambda a: (rule_for(a)[0], -a.pk), default=None)
    with transaction.atomic():
        for adoption in adoptions:
            if adoption is not best:
                entries_reverse_for_source(
                    source=adoption,
                    by=by,
                    reason="同一信息被更高层级采用，按最高层级计分",
                    codes=ADOPTION_CODES,
                )
        if best is not None:
            _, code, variant = rule_for(best)
            for member in members:
                record_points(
                    member=member,
                    code=code,
                    source=best,
                    by=by,
                    year=best.adopted_on.year,
                    variant=variant,
                    coauthors=len(members),
                )
            for unit_id, committee_id in units:
                _tally(unit_id, committee_id, origin, "adoption", code, variant, best.adopted_on.year, by)
        for instruction in instructions:
            year = instruction.given_on.year
            variant = instruction_variant(instruction, rule_get(origin.committee_id, year, "S05"))
            for member in members:
                record_points(
                    member=member,
                    code="S05",
                    source=instruction,
                    by=by,
                    year=year,
                    variant=variant,
                    coauthors=len(members),
                )
            for unit_id, committee_id in units:
                _tally(
                    unit_id,
                    committee_id,
                    origin,
                    f"instruction:{instruction.pk}",
                    "S05",
                    variant,
                    year,
                    by,
                )
            if instruction.feedback_at is not None:
                fed_back = timezone.localtime(instruction.feedback_at).year
                _score_feedback(instruction, fed_back, origin, members, units, by)


def _score_feedback(
    instruction: Instruction,
    year: int,
    origin: Opinion,
    members: list[Any],
    units: list[tuple[int, int]],
    by: Any,
) -> None:
    """S06 once per instruction whose outcome was fed back, in the year it was."""
    for member in members:
        record_points(
            member=member,
            code=FEEDBACK_CODE,
            source=instruction,
            by=by,
            year=year,
            coauthors=len(members),
        )
    for unit_id, committee_id in units:
        _tally(unit_id, committee_id, origin, f"feedback:{instruction.pk}", FEEDBACK_CODE, "", year, by)


def _units(origin: Opinion) -> list[tuple[int, int]]:
    """(unit id, committee id) of the participating units that reported the chain's item(s)."""
    rows = {(origin.unit_id, origin.committee_id)} if origin.unit_id else set()
    for unit_id, committee_id in Opinion.objects.filter(merged_into=origin, unit__isnull=False).values_list(
        "unit_id", "committee_id"
    ):
        rows.add((unit_id, committee_id))
    return sorted(rows)


def _tally(
    unit_id: int, committee_id: int, origin: Opinion, key: str, code: str, variant: str, year: int, by: Any
) -> None:
    points = _unit_points(committee_id, year, code, variant)
    current = UnitTally.objects.filter(unit_id=unit_id, origin=origin, key=key).first()
    if current is not None:
        if (current.code, current.variant, current.points, current.year) != (code, variant, points, year):
            UnitTally.objects.filter(pk=current.pk).update(
                code=code, variant=variant, points=points, year=year
            )
            record(
                action="opinions.tally.changed",
                obj=origin,
                by=by,
                data={"unit": unit_id, "key": key, "points": str(points)},
            )
        return
    UnitTally.objects.create(
        committee_id=committee_id,
        unit_id=unit_id,
        origin=origin,
        key=key,
        code=code,
        variant=variant,
        points=points,
        year=year,
    )
    record(
        action="opinions.tally.recorded",
        obj=origin,
        by=by,
        data={"unit": unit_id, "key": key, "points": str(points)},
    )


def tallies_rescore(*, rule: Rule, old_points: Decimal, old_variants: dict[str, Any], by: Any) -> None:
    """The units' tally rows under `rule` follow its new points as the authors' entries do (named
    in settings.DUTY_RULE_RESCORE_RECEIVERS; duty cannot import this app)."""
    rows = UnitTally.objects.filter(committee_id=rule.committee_id, year=rule.year, code=rule.code)
    for tally in rows.select_related("origin").order_by("id"):
        points = rescaled(
            rule, old_points=old_points, old_variants=old_variants, variant=tally.variant, points=tally.points
        )
        if points is None:
            continue
        UnitTally.objects.filter(pk=tally.pk).update(points=points)
        record(
            action="opinions.tally.changed",
            obj=tally.origin,
            by=by,
            data={"unit": tally.unit_id, "key": tally.key, "points": str(points), "rule": rule.code},
        )

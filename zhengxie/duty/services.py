"""Writes of the duty ledger and its rules. Other apps score members through `record_points`
(idempotent per member, rule and source) and correct through `entry_reverse`; every write here
records its audit event in the same transaction.

Rules and settings are per committee and year. `year_open` materialises a committee-year the
first time it is used: a copy of the committee's latest earlier year, else the default table of
`defaults.py` (org sits above duty in the import order, so a new committee gets its rules here,
lazily, rather than at creation).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError
from zhengxie.lib.longwork import Outcome, Progress, start
from zhengxie.lib.models import LongTask
from zhengxie.org.models import Member

from . import defaults
from .models import Interview, PointEntry, Rule, Split, YearSettings

CENT = Decimal("0.01")
# Rescoring a rule loads the entries this many at a time.
RESCORE_BATCH = 200
RULE_FIELDS = (
    "title",
    "category",
    "points",
    "unit",
    "cap",
    "split",
    "variants",
    "needs_evidence",
    "reportable",
    "auto_fed",
    "is_active",
)
SETTINGS_FIELDS = (
    "full_score",
    "grade_bands",
    "minimums",
    "publish_ranks",
    "plenary_absences_per_term",
    "standing_absences_per_year",
    "standing_absences_per_term",
    "standing_report_due",
    "reminder_days",
)


def this_year() -> int:
    return timezone.localdate().year


# --- committee-years: settings and rules ----------------------------------------------------


def _shift(day: date | None, year: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def year_open(*, committee_id: int, year: int) -> YearSettings:
    """The committee-year's settings, creating them and the year's rules on first use."""
    found = YearSettings.objects.filter(committee_id=committee_id, year=year).first()
    if found is not None:
        return found
    previous = YearSettings.objects.filter(committee_id=committee_id, year__lt=year).order_by("-year").first()
    try:
        with transaction.atomic():
            if previous is not None:
                values = {f: getattr(previous, f) for f in SETTINGS_FIELDS}
                values["standing_report_due"] = _shift(previous.standing_report_due, year)
            else:
                values = defaults.settings_defaults(year)
            settings = YearSettings.objects.create(committee_id=committee_id, year=year, **values)
            copied = (
                list(Rule.objects.filter(committee_id=committee_id, year=previous.year)) if previous else []
            )
            if copied:
                for rule in copied:
                    rule.pk, rule.year = None, year
                Rule.objects.bulk_create(copied)
            else:
                Rule.objects.bulk_create(
                    Rule(
                        committee_id=committee_id,
                        year=year,
                        code=d.code,
                        category=d.category,
                        title=d.title,
                        points=d.points_decimal,
                        unit=d.unit,
                        cap=d.cap,
                        split=d.split,
                        variants=d.variants,
                        needs_evidence=d.evidence,
                        reportable=d.reportable,
                        auto_fed=d.auto,
                        order=i,
                    )
                    for i, d in enumerate(defaults.RULES)
                )
            record(
                action="duty.year.opened",
                obj=settings,
                by=None,
                data={"year": year, "copied_from": previous.year if previous else None},
            )
    except IntegrityError:
        # Another request opened the same committee-year between our read and our insert.
        return YearSettings.objects.get(committee_id=committee_id, year=year)
    return settings


def rules_for(committee_id: int, year: int) -> list[Rule]:
    """The committee-year's rules (materialised on first use), in table order."""
    year_open(committee_id=committee_id, year=year)
    return list(Rule.objects.filter(committee_id=committee_id, year=year))


def rule_get(committee_id: int, year: int, code: str) -> Rule:
    rule = Rule.objects.filter(committee_id=committee_id, year=year, code=code).first()
    if rule is None:
        year_open(committee_id=committee_id, year=year)
        rule = Rule.objects.filter(committee_id=committee_id, year=year, code=code).first()
    if rule is None:
        raise DomainError(f"{year}年度积分规则中没有代码为“{code}”的项目")
    return rule


def _editable(year: int) -> None:
    if year < this_year():
        raise DomainError("往年的积分规则和设置已归档，不能修改；请修改本年度或下一年度的规则")


def _clean_variants(variants: Any) -> dict[str, str]:
    if not isinstance(variants, dict):
        raise DomainError("分档分值格式不正确")
    clean: dict[str, str] = {}
    for label, value in variants.items():
        label = str(label).strip()
        try:
            amount = Decimal(str(value))
        except ArithmeticError as exc:
            raise DomainError(f"分档“{label}”的分值不是数字") from exc
        if not label or len(label) > 20:
            raise DomainError("分档名称须为1至20个字")
        clean[label] = str(amount)
    return clean


def _check_rule(values: dict[str, Any]) -> None:
    if values.get("cap") is not None and values["cap"] < 0:
        raise DomainError("年度上限不能为负数")
    if values.get("cap") is not None and values.get("points", 0) < 0:
        raise DomainError("扣分项目不设年度上限")


def rule_update(*, rule: Rule, by: Any, **changes: Any) -> Rule:
    """Change a rule of this or next year; past years' rules (and so their results) stay as they
    were. A change of points (or of a variant's points) rescores the entries already recorded
    under the rule this year: a long task (`rescore_job`, started after commit and returned as
    `rule.rescoring`) does it in batches, so the request holds no long write. While one runs, the
    rule's points cannot change again (its new entries would be scaled from the wrong base)."""
    _editable(rule.year)
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"not rule fields: {unknown}")
    if "variants" in changes:
        changes["variants"] = _clean_variants(changes["variants"])
    _check_rule({"points": rule.points, "cap": rule.cap, **changes})
    before = {f: str(getattr(rule, f)) for f in changes}
    old_points, old_variants = rule.points, dict(rule.variants)
    rescore = ("points" in changes and Decimal(changes["points"]) != old_points) or (
        "variants" in changes and changes["variants"] != old_variants
    )
    with transaction.atomic():
        if rescore and rescoring_pending(rule):
            raise DomainError("该项目上次调整分值后的重新计分尚未完成，请稍后再修改分值")
        for name, value in changes.items():
            setattr(rule, name, value)
        rule.save(update_fields=list(changes))
        for path in django_settings.DUTY_RULE_RESCORE_RECEIVERS:
            import_string(path)(rule=rule, old_points=old_points, old_variants=old_variants, by=by)
        standing = PointEntry.objects.filter(rule=rule).standing()
        up_to = standing.aggregate(last=models.Max("id"))["last"] if rescore else None
        to_check = standing.count() if up_to else 0
        record(
            action="duty.rule.updated",
            obj=rule,
            by=by,
            data={
                "code": rule.code,
                "year": rule.year,
                "before": before,
                "after": {f: str(v) for f, v in changes.items()},
                "rescoring": to_check,
            },
        )
        rule.rescoring = None
        if to_check:
            rule.rescoring = start(
                runner=rescore_job,
                label=f"按新分值重新计分：{rule.code} {rule.title}",
                owner=by,
                committee_id=rule.committee_id,
                params={
                    "rule": rule.pk,
                    "old_points": str(old_points),
                    "old_variants": old_variants,
                    "up_to": up_to,
                },
                total=to_check,
            )
    rule.rescored = 0
    return rule


def rescoring_pending(rule: Rule) -> bool:
    """Whether a rescoring of `rule` is queued or running."""
    return LongTask.objects.filter(
        kind=f"{rescore_job.__module__}.{rescore_job.__qualname__}",
        state__in=[LongTask.State.QUEUED, LongTask.State.RUNNING],
        params__rule=rule.pk,
    ).exists()


def rescore_job(long_task: LongTask, progress: Progress) -> Outcome:
    """The long task of a rule's change of points: the entries that stood under it when it changed
    (ids up to `up_to`) are rescored in batches of RESCORE_BATCH, each batch one transaction. Safe
    to run again: a rescored entry stands reversed, and its replacement is newer than `up_to`."""
    params = long_task.params
    rule = Rule.objects.get(pk=params["rule"])
    old_points, old_variants = Decimal(params["old_points"]), params["old_variants"]
    ids = list(
        PointEntry.objects.filter(rule=rule, id__lte=params["up_to"])
        .standing()
        .order_by("id")
        .values_list("id", flat=True)
    )
    progress.set_total(len(ids))
    count = 0
    for start_at in range(0, len(ids), RESCORE_BATCH):
        batch = ids[start_at : start_at + RESCORE_BATCH]
        with transaction.atomic():
            count += _rescore(
                rule, old_points=old_points, old_variants=old_variants, by=long_task.owner, ids=batch
            )
        progress.advance(len(batch))
    rule.rescored = count
    return Outcome(message=f"已按新分值重新计算{count}条积分" if count else "没有需要重新计算的积分")


def rescaled(
    rule: Rule, *, old_points: Decimal, old_variants: dict[str, Any], variant: str, points: Decimal
) -> Decimal | None:
    """What `points` recorded under `rule` (and `variant`) become after the rule's points changed
    from `old_points` / `old_variants`, or None when they stay. Points were the base (the rule's
    or the variant's) × quantity × share, so the new points are the old ones scaled by new base /
    old base. Points whose variant the rule no longer has, or whose old base was zero, stay."""

    def base(points: Decimal, variants: dict[str, Any]) -> Decimal | None:
        if not variant:
            return points
        return Decimal(str(variants[variant])) if variant in variants else None

    old, new = base(old_points, old_variants), base(rule.points, rule.variants)
    if old is None or new is None or old == new or old == 0:
        return None
    return (points * new / old).quantize(CENT, rounding=ROUND_HALF_UP)


def _rescore(
    rule: Rule, *, old_points: Decimal, old_variants: dict[str, Any], by: Any, ids: list[int]
) -> int:
    """The standing entries among `ids` under `rule` follow its new points (`rescaled`): each is
    reversed and recorded again at the new value, so the ledger stays append-only and shows the
    change. Returns how many entries were rescored."""
    count = 0
    # The ids are fixed first: the loop adds entries to the same rule, and an open cursor (SQLite
    # isolates nothing within a connection) could hand the new ones back to be rescored again.
    for entry in PointEntry.objects.filter(pk__in=ids).standing().order_by("id"):
        points = rescaled(
            rule, old_points=old_points, old_variants=old_variants, variant=entry.variant, points=entry.points
        )
        if points is None:
            continue
        entry_reverse(
            entry=entry, by=by, reason=f"积分规则调整，按新分值重新计分：{entry.points}分改为{points}分"
        )
        again = PointEntry.objects.create(
            committee_id=entry.committee_id,
            member_id=entry.member_id,
            rule=rule,
            year=entry.year,
            points=points,
            quantity=entry.quantity,
            variant=entry.variant,
            source_type_id=entry.source_type_id,
            source_id=entry.source_id,
            seq=entry.seq + 1,
            note=entry.note,
            recorded_by=by if getattr(by, "pk", None) else None,
            recorded_at=timezone.now(),
        )
        record(
            action="duty.points.rescored",
            obj=again,
            by=by,
            data={"entry": entry.pk, "member": entry.member_id, "from": str(entry.points), "to": str(points)},
        )
        count += 1
    return count


def rule_create(*, committee_id: int, year: int, code: str, by: Any, **values: Any) -> Rule:
    _editable(year)
    year_open(committee_id=committee_id, year=year)
    code = code.strip().upper()
    if Rule.objects.filter(committee_id=committee_id, year=year, code=code).exists():
        raise DomainError(f"{year}年度已有代码为“{code}”的项目")
    values["variants"] = _clean_variants(values.get("variants", {}))
    _check_rule(values)
    with transaction.atomic():
        rule = Rule.objects.create(committee_id=committee_id, year=year, code=code, order=999, **values)
        record(action="duty.rule.created", obj=rule, by=by, data={"code": code, "year": year})
    return rule


def settings_update(*, settings: YearSettings, by: Any, **changes: Any) -> YearSettings:
    _editable(settings.year)
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not settings fields: {unknown}")
    if "full_score" in changes and changes["full_score"] <= 0:
        raise DomainError("满分须大于0")
    if "minimums" in changes:
        codes = set(
            Rule.objects.filter(committee_id=settings.committee_id, year=settings.year).values_list(
                "code", flat=True
            )
        )
        for item in changes["minimums"]:
            missing = [c for c in item["codes"] if c not in codes]
            if missing:
                raise DomainError(f"基本履职要求“{item['label']}”中的代码不存在：{'、'.join(missing)}")
    with transaction.atomic():
        for name, value in changes.items():
            setattr(settings, name, value)
        settings.save(update_fields=list(changes))
        record(
            action="duty.settings.updated",
            obj=settings,
            by=by,
            data={"year": settings.year, "fields": sorted(changes)},
        )
    return settings


# --- the ledger ---------------------------------------------------------------------------------


def _awarded(rule: Rule, *, variant: str, quantity: int, coauthors: int, share: Decimal | None) -> Decimal:
    if variant and variant not in rule.variants:
        raise DomainError(f"“{rule.title}”没有“{variant}”这一档")
    if quantity < 1 or quantity > 100:
        raise DomainError("数量须为1至100")
    if share is not None:
        if not Decimal(0) < share <= 1:
            raise DomainError("分配比例须大于0且不超过1")
        factor = share
    elif rule.split == Split.EQUAL:
        if coauthors < 1:
            raise DomainError("合作人数至少为1")
        factor = Decimal(1) / Decimal(coauthors)
    else:
        factor = Decimal(1)
    return (rule.points_for(variant) * quantity * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def record_points(
    *,
    member: Member,
    code: str,
    source: models.Model | None,
    by: Any,
    year: int | None = None,
    quantity: int = 1,
    coauthors: int = 1,
    share: Decimal | None = None,
    variant: str = "",
    note: str = "",
    again: bool = False,
) -> PointEntry:
    """Score `member` by rule `code` of the committee-year for `source` (the object that earned it).

    Idempotent for the same member, rule and source: a second call returns the first entry, so a
    retried job never counts twice — nor brings back an entry that staff reversed, unless
    `again=True` (attendance corrected back to what it was). Points = the rule's points (or its
    `variant`'s) × quantity × share, where share is `share` if given, else 1/coauthors for rules
    split equally, else 1. Caps are applied when totals are derived, not here.
    """
    year = year or this_year()
    rule = rule_get(member.committee_id, year, code)
    if not rule.is_active:
        raise DomainError(f"积分项目“{rule.title}”已停用")
    points = _awarded(rule, variant=variant, quantity=quantity, coauthors=coauthors, share=share)
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    source_id = source.pk if source is not None else None
    seq = 0
    if source is not None:
        earlier = list(
            PointEntry.objects.filter(
                member=member, rule=rule, source_type=source_type, source_id=source_id, reverses__isnull=True
            )
            .order_by("seq")
            .values_list("pk", "seq", "reversed_by")
        )
        for pk, _, reversed_by in earlier:
            if reversed_by is None:
                return PointEntry.objects.get(pk=pk)
        if earlier and not again:
            return PointEntry.objects.get(pk=earlier[-1][0])
        seq = earlier[-1][1] + 1 if earlier else 0
    entry = PointEntry(
        committee_id=member.committee_id,
        member=member,
        rule=rule,
        year=year,
        points=points,
        quantity=quantity,
        variant=variant,
        source_type=source_type,
        source_id=source_id,
        seq=seq,
        note=note[:300],
        recorded_by=by if getattr(by, "pk", None) else None,
        recorded_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
            record(
                action="duty.points.recorded",
                obj=entry,
                by=by,
                data={
                    "member": member.pk,
                    "code": code,
                    "year": year,
                    "points": str(points),
                    "source": f"{source_type.model}:{source_id}" if source_type else None,
                },
            )
    except IntegrityError:
        # A concurrent call recorded the same member, rule and source first: that entry stands.
        return PointEntry.objects.get(
            member=member,
            rule=rule,
            source_type=source_type,
            source_id=source_id,
            seq=seq,
            reverses__isnull=True,
        )
    return entry


def entry_reverse(*, entry: PointEntry, by: Any, reason: str) -> PointEntry:
    """Correct an entry by appending its opposite; the original stays in the ledger."""
    reason = reason.strip()
    if not reason:
        raise DomainError("请填写冲正原因")
    if entry.reverses_id is not None:
        raise DomainError("冲正记录不能再次冲正")
    if PointEntry.objects.filter(reverses=entry).exists():
        raise DomainError("该记录已冲正，不能重复冲正")
    reversal = PointEntry(
        committee_id=entry.committee_id,
        member_id=entry.member_id,
        rule_id=entry.rule_id,
        year=entry.year,
        points=-entry.points,
        quantity=-entry.quantity,
        variant=entry.variant,
        source_type_id=entry.source_type_id,
        source_id=entry.source_id,
        seq=entry.seq,
        note=reason[:300],
        recorded_by=by if getattr(by, "pk", None) else None,
        recorded_at=timezone.now(),
        reverses=entry,
    )
    try:
        with transaction.atomic():
            reversal.save(force_insert=True)
            record(
                action="duty.points.reversed",
                obj=reversal,
                by=by,
                data={
                    "entry": entry.pk,
                    "member": entry.member_id,
                    "points": str(entry.points),
                    "reason": reason,
                },
            )
    except IntegrityError as exc:
        raise Conflict("该记录已被他人冲正，请刷新") from exc
    return reversal


def entries_reverse_for_source(
    *, source: models.Model, by: Any, reason: str, codes: list[str] | None = None
) -> int:
    """Reverse every standing entry earned by `source` (e.g. a proposal whose filing was undone)."""
    source_type = ContentType.objects.get_for_model(source)
    qs = PointEntry.objects.filter(source_type=source_type, source_id=source.pk).standing()
    if codes is not None:
        qs = qs.filter(rule__code__in=codes)
    count = 0
    with transaction.atomic():
        for entry in qs.order_by("id"):
            entry_reverse(entry=entry, by=by, reason=reason)
            count += 1
    return count


# --- interviews -----------------------------------------------------------------------------


def interview_record(*, member: Member, year: int, held_on: date, note: str, by: Any) -> Interview:
    """Record that the member short of the year's minimum duties was interviewed (约谈)."""
    note = note.strip()
    if not note:
        raise DomainError("请填写约谈情况")
    if held_on > timezone.localdate():
        raise DomainError("约谈日期不能晚于今天")
    if Interview.objects.filter(member=member, year=year).exists():
        raise DomainError("已记录该委员本年度的约谈")
    try:
        with transaction.atomic():
            interview = Interview.objects.create(
                committee_id=member.committee_id,
                member=member,
                year=year,
                held_on=held_on,
                note=note,
                recorded_by=by,
            )
            record(
                action="duty.interview.recorded",
                obj=interview,
                by=by,
                data={"member": member.pk, "year": year},
            )
    except IntegrityError as exc:
        raise Conflict() from exc
    return interview

"""Per-committee proposal rules (ProposalSettings) with the defaults of domain.md §1: a committee
gets them the first time it needs them, so a committee created later needs no set-up step."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError

from .models import DEFAULT_DESTINATIONS, NotFiledDestination, ProposalSettings

NUMBER_FIELDS = (
    "plenary_window_months",
    "cosign_days",
    "objection_days",
    "reply_months",
    "max_months",
    "co_opinion_days",
    "rating_working_days",
    "rehandle_months",
    "followup_months",
    "collective_quota",
    "quality_scale",
    "proof_rounds",
)
FLAG_FIELDS = ("objection_in_working_days", "require_pre_contact", "use_category_d")
LIST_FIELDS = ("review_stages", "categories", "reject_reasons")


def settings_for(committee_id: int) -> ProposalSettings:
    rules, _ = ProposalSettings.objects.get_or_create(committee_id=committee_id)
    return rules


def destinations_for(committee_id: int, *, active_only: bool = True) -> list[NotFiledDestination]:
    """The committee's destinations for proposals not filed, in order; the four defaults
    (domain.md §1.5) are created the first time a committee needs them."""
    rows = list(NotFiledDestination.objects.filter(committee_id=committee_id).order_by("order", "id"))
    if not rows:
        NotFiledDestination.objects.bulk_create(
            [
                NotFiledDestination(
                    committee_id=committee_id,
                    code=code,
                    name=name,
                    to_opinion=opinion,
                    rewarded=rewarded,
                    order=i,
                )
                for i, (code, name, opinion, rewarded) in enumerate(DEFAULT_DESTINATIONS)
            ],
            ignore_conflicts=True,
        )
        rows = list(NotFiledDestination.objects.filter(committee_id=committee_id).order_by("order", "id"))
    return [r for r in rows if r.is_active or not active_only]


def destination_names(committee_id: int) -> dict[str, str]:
    """code → name of every destination the committee has used (active or not)."""
    return {r.code: r.name for r in destinations_for(committee_id, active_only=False)}


def destination_add(
    *, committee_id: int, by: Any, name: str, to_opinion: bool, rewarded: bool
) -> NotFiledDestination:
    """Add a destination of the committee's own (e.g. 转为意见建议)."""
    name = name.strip()
    if not name or len(name) > 30:
        raise DomainError("请填写去向名称（30字以内）")
    existing = destinations_for(committee_id, active_only=False)
    if any(r.name == name for r in existing):
        raise DomainError("已有同名的去向")
    try:
        with transaction.atomic():
            row = NotFiledDestination.objects.create(
                committee_id=committee_id,
                code=f"c{len(existing) + 1}",
                name=name,
                to_opinion=to_opinion,
                rewarded=rewarded,
                order=len(existing),
            )
            record(
                action="proposals.destination.added",
                obj=row,
                by=by,
                data={"name": name, "to_opinion": to_opinion},
            )
    except IntegrityError:
        raise DomainError("此去向已被他人同时增加，请刷新后再试") from None
    return row


def destination_toggle(*, destination: NotFiledDestination, by: Any, active: bool) -> NotFiledDestination:
    """Stop offering a destination (proposals already sent there keep it) or offer it again."""
    if not active and sum(r.is_active for r in destinations_for(destination.committee_id)) <= 1:
        raise DomainError("至少要保留一个可选的去向")
    with transaction.atomic():
        NotFiledDestination.objects.filter(pk=destination.pk).update(is_active=active)
        destination.is_active = active
        record(action="proposals.destination.changed", obj=destination, by=by, data={"active": active})
    return destination


def settings_update(*, committee_id: int, by: Any, values: dict[str, Any]) -> ProposalSettings:
    """Change the committee's rules; `values` holds any of the fields above (lists as lists,
    result labels as a dict)."""
    rules = settings_for(committee_id)
    for name in LIST_FIELDS:
        if name in values:
            cleaned = [str(v).strip() for v in values[name] if str(v).strip()]
            if not cleaned:
                raise DomainError("审查环节、分类和不予立案理由都至少要有一项")
            if len(set(cleaned)) != len(cleaned):
                raise DomainError("同一列表中不能有重复的项")
            values[name] = cleaned
    if "quota_groups" in values:
        groups = [str(v).strip() for v in values["quota_groups"] if str(v).strip()]
        if len(set(groups)) != len(groups):
            raise DomainError("委员小组和联络组不能重复")
        if any(len(g) > 50 for g in groups):
            raise DomainError("委员小组和联络组的名称最多50字")
        values["quota_groups"] = groups
    if values.get("reply_months", rules.reply_months) > values.get("max_months", rules.max_months):
        raise DomainError("办理期限不能长于最长办理期限")
    if not 2 <= values.get("quality_scale", rules.quality_scale) <= 10:
        raise DomainError("提案质量评价分制须在2至10之间")
    if not 1 <= values.get("proof_rounds", rules.proof_rounds) <= 9:
        raise DomainError("校对轮次须在1至9之间")
    if "result_labels" in values:
        labels = {k: str(v).strip() for k, v in values["result_labels"].items() if k in "ABCD"}
        if any(not labels.get(c) for c in "ABC"):
            raise DomainError("A、B、C类答复都要有说明")
        values["result_labels"] = labels
    known = set(NUMBER_FIELDS) | set(FLAG_FIELDS) | set(LIST_FIELDS) | {"result_labels", "quota_groups"}
    changes = {k: v for k, v in values.items() if k in known and getattr(rules, k) != v}
    with transaction.atomic():
        for name, value in changes.items():
            setattr(rules, name, value)
        rules.save()
        record(action="proposals.settings.changed", obj=rules, by=by, data=changes)
    return rules

"""Per-committee proposal rules (ProposalSettings) with the defaults of domain.md §1: a committee
gets them the first time it needs them, so a committee created later needs no set-up step."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError

from .models import ProposalSettings

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
)
FLAG_FIELDS = ("objection_in_working_days", "require_pre_contact", "use_category_d")
LIST_FIELDS = ("review_stages", "categories", "reject_reasons")


def settings_for(committee_id: int) -> ProposalSettings:
    rules, _ = ProposalSettings.objects.get_or_create(committee_id=committee_id)
    return rules


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
    if values.get("reply_months", rules.reply_months) > values.get("max_months", rules.max_months):
        raise DomainError("办理期限不能长于最长办理期限")
    if not 2 <= values.get("quality_scale", rules.quality_scale) <= 10:
        raise DomainError("提案质量评价分制须在2至10之间")
    if "result_labels" in values:
        labels = {k: str(v).strip() for k, v in values["result_labels"].items() if k in "ABCD"}
        if any(not labels.get(c) for c in "ABC"):
            raise DomainError("A、B、C类答复都要有说明")
        values["result_labels"] = labels
    known = set(NUMBER_FIELDS) | set(FLAG_FIELDS) | set(LIST_FIELDS) | {"result_labels"}
    changes = {k: v for k, v in values.items() if k in known and getattr(rules, k) != v}
    with transaction.atomic():
        for name, value in changes.items():
            setattr(rules, name, value)
        rules.save()
        record(action="proposals.settings.changed", obj=rules, by=by, data=changes)
    return rules

"""Per-committee supervision settings kept as data: the list of item sources and the warning
thresholds. A committee gets the defaults of domain.md §5 the first time it needs them, so a
committee created later needs no set-up step."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from zhengxie.audit.services import record
from zhengxie.lib import batch
from zhengxie.lib.errors import DomainError

from .models import ItemSource, WarningPolicy

DEFAULT_SOURCES = (
    "上级决策部署",
    "本级重大决策",
    "会议议定事项",
    "领导批示",
    "上级交办",
    "年度重点工作",
    "群众反映",
    "重点提案",
    "社情民意批示",
    "协商成果",
    "提案回头看",
    "提案办理催办",
)


def sources_for(committee_id: int, *, active_only: bool = True) -> list[ItemSource]:
    if not ItemSource.objects.filter(committee_id=committee_id).exists():
        try:
            with transaction.atomic():
                ItemSource.objects.bulk_create(
                    ItemSource(committee_id=committee_id, name=name, order=i)
                    for i, name in enumerate(DEFAULT_SOURCES)
                )
        except IntegrityError:
            pass  # created meanwhile by another request
    qs = ItemSource.objects.filter(committee_id=committee_id)
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs)


def source_named(committee_id: int, name: str) -> ItemSource:
    """The committee's source of this name (used by other apps and by the import). A default
    source that a committee's older list lacks (the list grew since it was created) is added.
    Looked up once per batch of a job (`lib.batch`)."""
    return batch.memo(("supervision.source", committee_id, name), lambda: _source_named(committee_id, name))


def _source_named(committee_id: int, name: str) -> ItemSource:
    for source in sources_for(committee_id, active_only=False):
        if source.name == name:
            return source
    if name in DEFAULT_SOURCES:
        source, _ = ItemSource.objects.get_or_create(
            committee_id=committee_id, name=name, defaults={"order": DEFAULT_SOURCES.index(name)}
        )
        return source
    raise DomainError(f"来源“{name}”不在本政协的来源清单中")


def source_add(*, committee_id: int, name: str, by: Any) -> ItemSource:
    name = name.strip()
    if not name or len(name) > 40:
        raise DomainError("来源名称不能为空，且不超过40个字")
    existing = sources_for(committee_id, active_only=False)
    if any(s.name == name for s in existing):
        raise DomainError("该来源已存在")
    with transaction.atomic():
        source = ItemSource.objects.create(committee_id=committee_id, name=name, order=len(existing))
        record(action="supervision.source.added", obj=source, by=by, data={"name": name})
    return source


def source_set_active(*, source: ItemSource, active: bool, by: Any) -> None:
    with transaction.atomic():
        ItemSource.objects.filter(pk=source.pk).update(is_active=active)
        record(action="supervision.source.changed", obj=source, by=by, data={"active": active})


def policy_for(committee_id: int) -> WarningPolicy:
    """The committee's warning thresholds (read once per batch of a job, `lib.batch`)."""
    return batch.memo(
        ("supervision.policy", committee_id),
        lambda: WarningPolicy.objects.get_or_create(committee_id=committee_id)[0],
    )


POLICY_FIELDS = (
    "blue_days",
    "yellow_days",
    "sign_days",
    "report_grace_days",
    "behind_plan_points",
    "red_after_rejections",
)


def policy_update(*, committee_id: int, by: Any, values: dict[str, int]) -> WarningPolicy:
    policy = policy_for(committee_id)
    if values["yellow_days"] > values["blue_days"]:
        raise DomainError("黄灯的临近天数不能大于蓝灯的临近天数")
    changes = {f: values[f] for f in POLICY_FIELDS if getattr(policy, f) != values[f]}
    with transaction.atomic():
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.save()
        record(action="supervision.policy.changed", obj=policy, by=by, data=changes)
    return policy

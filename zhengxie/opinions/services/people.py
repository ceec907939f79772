"""The committee's list of liaison officers, invited informants and liaison stations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import ParticipatingUnit
from zhengxie.org.scope import roles_in

from ..models import Correspondent
from .common import require_info_staff

K = Correspondent.Kind


def correspondent_add(
    *,
    committee_id: int,
    by: Any,
    kind: str,
    name: str,
    user: Any = None,
    unit: ParticipatingUnit | None = None,
) -> Correspondent:
    """Register a liaison officer (for a participating unit), an informant or a station."""
    require_info_staff(by, committee_id)
    name = name.strip()
    problems = []
    if kind not in K.values:
        problems.append("请选择类别")
    if not name or len(name) > 100:
        problems.append("请填写名称（不超过100个字）")
    if kind == K.LIAISON and (unit is None or unit.committee_id != committee_id):
        problems.append("信息联络员须指定本政协的参加单位")
    if user is not None and not roles_in(user, committee_id):
        problems.append("该账号在本政协没有角色，请先由系统管理员授予（如“委员”）")
    if (
        user is not None
        and Correspondent.objects.filter(
            committee_id=committee_id, user=user, kind=kind, is_active=True
        ).exists()
    ):
        problems.append("该账号已登记为此类别")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        correspondent = Correspondent.objects.create(
            committee_id=committee_id,
            kind=kind,
            name=name,
            user=user,
            unit=unit if kind == K.LIAISON else None,
        )
        record(
            action="opinions.correspondent.added",
            obj=correspondent,
            by=by,
            data={"kind": kind, "user": getattr(user, "pk", None), "unit": getattr(unit, "pk", None)},
        )
    return correspondent


def correspondent_set_active(*, correspondent: Correspondent, by: Any, active: bool) -> None:
    require_info_staff(by, correspondent.committee_id)
    with transaction.atomic():
        Correspondent.objects.filter(pk=correspondent.pk).update(is_active=active)
        record(action="opinions.correspondent.changed", obj=correspondent, by=by, data={"active": active})

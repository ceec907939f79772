"""Writes to a committee's own structure: terms and sessions, sectors, special committees and
participating units. Kept apart from people and roles (services.py) because it changes rarely and
only the system administrator does it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError

from .models import Committee, ParticipatingUnit, Sector, Session, SpecialCommittee, Term


def term_create(
    *, committee: Committee, number: int, starts_on: date, by: Any, ends_on: date | None = None
) -> Term:
    if Term.objects.filter(committee=committee, number=number).exists():
        raise DomainError(f"第{number}届已存在")
    if ends_on is not None and ends_on <= starts_on:
        raise DomainError("届期结束日期须晚于开始日期")
    with transaction.atomic():
        term = Term.objects.create(committee=committee, number=number, starts_on=starts_on, ends_on=ends_on)
        record(action="term.created", obj=term, by=by, data={"number": number})
    return term


def session_create(
    *, term: Term, number: int, plenary_opens_on: date, plenary_closes_on: date, by: Any
) -> Session:
    """A plenary session (第N届第M次会议). Its dates decide whether a proposal is 大会 or 平时."""
    if plenary_closes_on < plenary_opens_on:
        raise DomainError("大会闭幕日期不能早于开幕日期")
    if Session.objects.filter(term=term, number=number).exists():
        raise DomainError(f"{term}第{number}次会议已存在")
    if plenary_opens_on < term.starts_on or (term.ends_on is not None and plenary_opens_on > term.ends_on):
        raise DomainError("会议日期须在本届届期之内")
    with transaction.atomic():
        session = Session.objects.create(
            committee_id=term.committee_id,
            term=term,
            number=number,
            plenary_opens_on=plenary_opens_on,
            plenary_closes_on=plenary_closes_on,
        )
        record(action="session.created", obj=session, by=by, data={"term": term.number, "number": number})
    return session


def sector_create(*, committee: Committee, name: str, by: Any) -> Sector:
    return _named_create(Sector, committee=committee, name=name, by=by, action="sector.created", what="界别")


def special_committee_create(*, committee: Committee, name: str, by: Any) -> SpecialCommittee:
    return _named_create(
        SpecialCommittee,
        committee=committee,
        name=name,
        by=by,
        action="special_committee.created",
        what="专委会",
    )


def participating_unit_create(*, committee: Committee, name: str, kind: str, by: Any) -> ParticipatingUnit:
    if kind not in ParticipatingUnit.Kind.values:
        raise DomainError("参加单位类别无效")
    return _named_create(
        ParticipatingUnit,
        committee=committee,
        name=name,
        by=by,
        action="participating_unit.created",
        what="参加单位",
        kind=kind,
    )


def participating_unit_sector_set(
    *, unit: ParticipatingUnit, sector: Sector | None, by: Any
) -> ParticipatingUnit:
    """Name the sector (界别) whose seats a party or people's organisation nominates: its members
    on the roster are the unit's own members, whom its liaison invites to joint activities."""
    if sector is not None and sector.committee_id != unit.committee_id:
        raise DomainError("所选界别不属于本政协")
    with transaction.atomic():
        ParticipatingUnit.objects.filter(pk=unit.pk).update(sector=sector)
        unit.sector = sector
        record(
            action="participating_unit.sector_set",
            obj=unit,
            by=by,
            data={"sector": sector.pk if sector else None},
        )
    return unit


def _named_create(
    model: Any, *, committee: Committee, name: str, by: Any, action: str, what: str, **extra: Any
) -> Any:
    name = name.strip()
    if not name:
        raise DomainError(f"{what}名称不能为空")
    if model.objects.filter(committee=committee, name=name).exists():
        raise DomainError(f"{what}“{name}”已存在")
    with transaction.atomic():
        # New entries go to the end of the committee's list (a few dozen rows at most).
        fields = (
            {"order": model.objects.filter(committee=committee).count() + 1}
            if hasattr(model, "order")
            else {}
        )
        obj = model.objects.create(committee=committee, name=name, **fields, **extra)
        record(action=action, obj=obj, by=by, data={"name": name})
    return obj

"""/api/v1/org/: committees, the member directory and handling units, scoped like the pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.org.models import Committee, HandlingUnit, Member, UnitContact
from zhengxie.org.roles import DIRECTORY_ROLES
from zhengxie.org.scope import CommitteeScopedQuerySet, committee_ids, get_for_user, has_role, unit_ids

from .paging import keyset

router = Router(tags=["组织与人员"])


class CommitteeOut(Schema):
    id: int
    name: str
    level: str
    parent_id: int | None


class MemberOut(Schema):
    id: int
    committee_id: int
    name: str
    gender: str
    sector: str
    special_committee: str | None
    is_standing: bool
    affiliation: str
    employer: str
    job_title: str
    phone: str = Field(description="脱敏后的手机号")


class MemberPage(Schema):
    items: list[MemberOut]
    next_after: int | None


class UnitContactOut(Schema):
    name: str
    job_title: str
    phone: str = Field(description="脱敏后的手机号")


class UnitOut(Schema):
    id: int
    committee_id: int
    name: str
    kind: str
    contacts: list[UnitContactOut]


class UnitPage(Schema):
    items: list[UnitOut]
    next_after: int | None


class OrgPageQuery(Schema):
    committee: int
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


def _member_out(m: Member) -> MemberOut:
    return MemberOut(
        id=m.pk,
        committee_id=m.committee_id,
        name=m.person.name,
        gender=m.person.get_gender_display(),
        sector=m.sector.name,
        special_committee=m.special_committee.name if m.special_committee else None,
        is_standing=m.is_standing,
        affiliation=m.person.affiliation,
        employer=m.person.employer,
        job_title=m.person.job_title,
        phone=m.person.phone_masked,
    )


def _unit_out(u: HandlingUnit) -> UnitOut:
    return UnitOut(
        id=u.pk,
        committee_id=u.committee_id,
        name=u.name,
        kind=u.kind,
        contacts=[
            UnitContactOut(name=c.name, job_title=c.job_title, phone=c.phone_masked) for c in u.contacts.all()
        ],
    )


def _require_directory(request: HttpRequest, committee_id: int) -> None:
    # A committee where the caller holds no directory role is answered like one that does not exist.
    if not has_role(request.user, committee_id, *DIRECTORY_ROLES):
        raise HttpError(404, "未找到该政协")


@router.get("committees", response=list[CommitteeOut], summary="我所在的政协")
def committees(request: HttpRequest) -> list[CommitteeOut]:
    rows = Committee.objects.filter(pk__in=committee_ids(request.user)).order_by("code")
    return [CommitteeOut(id=c.pk, name=c.name, level=c.level, parent_id=c.parent_id) for c in rows]


@router.get("members", response=MemberPage, summary="委员名录（按 id 倒序翻页）")
def members(request: HttpRequest, q: Query[OrgPageQuery]) -> MemberPage:
    _require_directory(request, q.committee)
    rows = Member.objects.filter(committee_id=q.committee).select_related(
        "person", "sector", "special_committee"
    )
    page, next_after = keyset(rows, q.after, q.limit)
    return MemberPage(items=[_member_out(m) for m in page], next_after=next_after)


@router.get("members/{member_id}", response=MemberOut, summary="委员详情")
def member(request: HttpRequest, member_id: int) -> MemberOut:
    qs = Member.objects.select_related("person", "sector", "special_committee")
    return _member_out(get_for_user(qs, request.user, member_id, roles=DIRECTORY_ROLES))


def _units_qs() -> CommitteeScopedQuerySet[HandlingUnit]:
    return HandlingUnit.objects.all().prefetch_related(
        Prefetch("contacts", queryset=UnitContact.objects.filter(is_primary=True))
    )


@router.get("units", response=UnitPage, summary="承办单位（按 id 倒序翻页）")
def units(request: HttpRequest, q: Query[OrgPageQuery]) -> UnitPage:
    rows = _units_qs().filter(committee_id=q.committee)
    if not has_role(request.user, q.committee, *DIRECTORY_ROLES):
        own = unit_ids(request.user, q.committee)
        if not own:
            raise HttpError(404, "未找到该政协")
        rows = rows.filter(pk__in=own)
    page, next_after = keyset(rows, q.after, q.limit)
    return UnitPage(items=[_unit_out(u) for u in page], next_after=next_after)


@router.get("units/{unit_id}", response=UnitOut, summary="承办单位详情")
def unit(request: HttpRequest, unit_id: int) -> UnitOut:
    found = get_for_user(_units_qs(), request.user, unit_id)
    if not (
        has_role(request.user, found.committee_id, *DIRECTORY_ROLES) or found.pk in unit_ids(request.user)
    ):
        raise HttpError(404, "未找到该记录")
    return _unit_out(found)

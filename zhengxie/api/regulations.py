"""/api/v1/regulations/: the regulations library on a phone — the rules in force of the
committees where the caller holds a role, and one rule with its versions. A rule outside the
caller's committees is 404."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zhengxie.org.scope import get_for_user
from zhengxie.regulations.models import Regulation

from .paging import keyset

router = Router(tags=["制度库"])


class RegulationVersionOut(Schema):
    number: int
    kind_label: str = Field(description="新建 / 修订")
    doc_number: str
    adopted_on: date
    effective_on: date
    note: str
    text: str


class RegulationOut(Schema):
    id: int
    committee_id: int
    title: str
    category_label: str
    is_repealed: bool


class RegulationDetailOut(RegulationOut):
    versions: list[RegulationVersionOut] = Field(description="新的版本在前，第一项为现行版本")


class RegulationPage(Schema):
    items: list[RegulationOut]
    next_after: int | None


class RegulationQuery(Schema):
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


def _out(r: Regulation) -> RegulationOut:
    return RegulationOut(
        id=r.pk,
        committee_id=r.committee_id,
        title=r.title,
        category_label=r.get_category_display(),
        is_repealed=r.is_repealed,
    )


@router.get("", response=RegulationPage, summary="现行制度（本人所在政协），新入库的在前")
def regulations(request: HttpRequest, q: Query[RegulationQuery]) -> RegulationPage:
    rows = Regulation.objects.visible_to(request.user).filter(is_repealed=False)
    page, next_after = keyset(rows, q.after, q.limit)
    return RegulationPage(items=[_out(r) for r in page], next_after=next_after)


@router.get("{regulation_id}", response=RegulationDetailOut, summary="一项制度及其各版本")
def regulation(request: HttpRequest, regulation_id: int) -> RegulationDetailOut:
    r: Regulation = get_for_user(Regulation.objects.all(), request.user, regulation_id)
    return RegulationDetailOut(
        **_out(r).model_dump(),
        versions=[
            RegulationVersionOut(
                number=v.number,
                kind_label=v.get_kind_display(),
                doc_number=v.doc_number,
                adopted_on=v.adopted_on,
                effective_on=v.effective_on,
                note=v.note,
                text=v.text,
            )
            for v in r.versions.order_by("-number")
        ],
    )

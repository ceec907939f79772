"""/api/v1/search: the one full-text search, scoped like the results page; and
/api/v1/proposals/similar: the proposals most like a text being written (members' phone apps)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role
from zhengxie.search.query import search
from zhengxie.search.similar import similar

router = Router(tags=["检索"])
similar_router = Router(tags=["提案"])


class SearchQuery(Schema):
    q: str = Field("", description="检索词：空格分隔表示同时包含，英文引号表示整句，减号表示排除")
    kind: str = Field(
        "",
        description="类别代码：proposal、opinion、supervision、course、speech、micro 等，见检索页的类别筛选",
    )
    committee: int | None = None
    year: int | None = None
    after: str = Field("", description="上一页返回的 next")


class HitOut(Schema):
    kind: str
    kind_label: str
    object_id: int
    committee_id: int
    committee: str
    title: str
    title_html: str = Field(description="标题，检索词以 <mark> 标出（已转义）")
    snippet_html: str = Field(description="正文摘要，检索词以 <mark> 标出（已转义）")
    year: int
    state: str
    url: str


class SearchOut(Schema):
    total: int
    total_capped: bool
    note: str
    next: str
    hits: list[HitOut]


@router.get("", response=SearchOut, summary="全文检索（本人可查阅范围内）")
def search_records(request: HttpRequest, q: Query[SearchQuery]) -> SearchOut:
    found = search(
        request.user,
        q.q,
        kind=q.kind,
        committee_id=q.committee,
        year=q.year,
        cursor=q.after,
        home_committee_id=getattr(request, "committee_id", None),
    )
    if found.error:
        raise HttpError(422, found.error)
    return SearchOut(
        total=found.total,
        total_capped=found.total_capped,
        note=found.note,
        next=found.next_cursor,
        hits=[
            HitOut(
                kind=h.doc.kind,
                kind_label=h.kind_label,
                object_id=h.doc.object_id,
                committee_id=h.doc.committee_id,
                committee=h.doc.committee.name,
                title=h.doc.title,
                title_html=str(h.title_html),
                snippet_html=str(h.snippet_html),
                year=h.doc.year,
                state=h.doc.state,
                url=h.link,
            )
            for h in found.hits
        ],
    )


class SimilarIn(Schema):
    committee: int
    title: str = Field("", max_length=200)
    text: str = Field("", max_length=20000)


class SimilarOut(Schema):
    proposal_id: int
    title: str
    year: int
    state: str
    score: float = Field(description="相似度，0 到 1")


@similar_router.post("similar", response=list[SimilarOut], summary="相似提案（撰写时查重，最多五条）")
def similar_proposals(request: HttpRequest, body: SimilarIn) -> list[SimilarOut]:
    if not (has_role(request.user, body.committee, Role.MEMBER, Role.PROPOSAL_STAFF, Role.LEADER)):
        raise HttpError(404, "未找到该政协")
    if not (body.title.strip() or body.text.strip()):
        raise HttpError(422, "请填写案由或正文")
    return [
        SimilarOut(
            proposal_id=s.doc.object_id, title=s.doc.title, year=s.doc.year, state=s.doc.state, score=s.score
        )
        for s in similar(kind="proposal", committee_id=body.committee, title=body.title, text=body.text)
    ]

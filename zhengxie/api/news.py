"""/api/v1/news/: 要闻动态 and 政协知识 on a phone — the published articles of the caller's
committees (and those shared down from above), newest first, and one article with its body
(sanitised HTML), cover, attachments and linked rules. Drafts and withdrawn articles are the
office's alone: outside the office they are 404."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from zhengxie.news.models import Article
from zhengxie.news.permissions import articles_visible, get_article_for_user, open_q

from .paging import keyset

router = Router(tags=["要闻动态"])


class NewsArticleOut(Schema):
    id: int
    committee: str
    section_label: str = Field(description="要闻动态 / 政协知识")
    title: str
    summary: str
    published_at: datetime | None
    cover_url: str = Field(description="封面图片地址，没有封面时为空")


class NewsAttachmentOut(Schema):
    name: str
    size: int
    url: str


class NewsRegulationOut(Schema):
    id: int
    title: str


class NewsArticleDetailOut(NewsArticleOut):
    body_html: str = Field(description="正文（已过滤的HTML）")
    attachments: list[NewsAttachmentOut]
    regulations: list[NewsRegulationOut] = Field(description="相关制度，见 /api/v1/regulations/{id}")


class NewsArticlePage(Schema):
    items: list[NewsArticleOut]
    next_after: int | None


class NewsArticleQuery(Schema):
    section: Literal["news", "knowledge"] = "news"
    after: int | None = None
    limit: int = Field(20, ge=1, le=100)


def _out(a: Article) -> NewsArticleOut:
    return NewsArticleOut(
        id=a.pk,
        committee=a.committee.name,
        section_label=a.get_section_display(),
        title=a.title,
        summary=a.summary,
        published_at=a.published_at,
        cover_url=reverse("news:cover", args=[a.pk]) if a.cover else "",
    )


@router.get("", response=NewsArticlePage, summary="已发布的要闻动态或政协知识，新的在前")
def articles(request: HttpRequest, q: Query[NewsArticleQuery]) -> NewsArticlePage:
    rows = articles_visible(request.user).filter(open_q(), section=q.section).select_related("committee")
    page, next_after = keyset(rows, q.after, q.limit)
    return NewsArticlePage(items=[_out(a) for a in page], next_after=next_after)


@router.get("{article_id}", response=NewsArticleDetailOut, summary="一篇文章：正文、附件和相关制度")
def article(request: HttpRequest, article_id: int) -> NewsArticleDetailOut:
    a = get_article_for_user(request.user, article_id)
    return NewsArticleDetailOut(
        **_out(a).model_dump(),
        body_html=a.body,
        attachments=[
            NewsAttachmentOut(name=f.name, size=f.size, url=reverse("news:attachment", args=[f.pk]))
            for f in a.attachments.all()
        ],
        regulations=[
            NewsRegulationOut(id=r.pk, title=r.title)
            for r in a.regulations.filter(is_repealed=False).order_by("title")
        ],
    )

"""News and knowledge articles in the search index (settings.SEARCH_PROVIDERS): title, summary
and the body's text; who finds one is who may open it (`permissions.articles_visible`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import strip_tags

from zhengxie.search.index import Doc, chunks

from .models import Article
from .permissions import articles_visible

LABEL = "要闻与知识"
MODELS = ("news.article",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Article.objects.only(
        "committee_id", "section", "title", "summary", "body", "state", "created_at", "published_at"
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for a in batch:
            yield Doc(
                kind="news",
                object_id=a.pk,
                committee_id=a.committee_id,
                title=a.title,
                body="\n".join(t for t in (a.summary, strip_tags(a.body)) if t),
                year=(a.published_at or a.created_at).year,
                url=reverse("news:detail", args=[a.pk]),
                state=a.get_state_display(),
                category=a.get_section_display(),
                # Only the office reads a draft or a withdrawn article.
                office_open=a.state == Article.State.PUBLISHED,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return articles_visible(user).values("pk")

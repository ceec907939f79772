"""Reading the index: who may find what (scope), the query itself, ranking, snippets and keyset
pages. The same function serves the results page, the API and every list's `q` filter."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from zhengxie.org.models import Committee
from zhengxie.org.roles import STAFF_ROLES
from zhengxie.org.scope import assignments
from zhengxie.org.selectors import subtree_ids

from .index import providers
from .models import Document, SearchSetting
from .text import Query, Term, fts5_match, parse, tsquery

PAGE_SIZE = 20
COUNT_CAP = 1000
SHORT_NOTE = "单个汉字无法使用全文索引，只在本政协范围内逐条查找，结果按时间排列；输入两个或更多的字可检索全部范围并按相关程度排序。"
BELOW_LEVELS = (Committee.Level.PROVINCE, Committee.Level.CITY, Committee.Level.NATIONAL)


def searches_below(committee: Committee) -> bool:
    """Whether the staff and leaders of `committee` search the committees below it."""
    setting = SearchSetting.objects.filter(committee=committee).first()
    if setting is not None:
        return setting.search_below
    return committee.level in BELOW_LEVELS


def below_ids(user: Any) -> set[int]:
    """Committees below those where the user is staff or a leader, when their setting allows."""
    cached: set[int] | None = getattr(user, "_zx_search_below", None)
    if cached is not None:
        return cached
    office = {c for c, r, _ in assignments(user) if r in STAFF_ROLES}
    found: set[int] = set()
    if not office:
        return found
    settings = dict(
        SearchSetting.objects.filter(committee_id__in=office).values_list("committee_id", "search_below")
    )
    levels = dict(Committee.objects.filter(pk__in=office).values_list("pk", "level"))
    for committee_id in office:
        allowed = settings.get(committee_id, levels.get(committee_id) in BELOW_LEVELS)
        if allowed:
            found |= subtree_ids(committee_id) - {committee_id}
    found -= {c for c, _, _ in assignments(user)}
    user._zx_search_below = found
    return found


def scope_q(user: Any) -> Q | None:
    """Every document the user may open: each app's own page rule for its records, plus the
    records (not drafts) of the committees below his or her office."""
    parts: list[Q] = []
    for kind, provider in providers().items():
        ids = provider.visible_ids(user)
        if ids is not None:
            parts.append(Q(kind=kind, object_id__in=ids))
    below = below_ids(user)
    if below:
        parts.append(Q(committee_id__in=below, office_open=True))
    if not parts:
        return None
    reach = parts[0]
    for part in parts[1:]:
        reach |= part
    return reach


def visible_documents(user: Any) -> QuerySet[Document]:
    reach = scope_q(user)
    return Document.objects.none() if reach is None else Document.objects.filter(reach)


def _contains(term: Term) -> Q:
    return Q(title__icontains=term.text) | Q(body__icontains=term.text)


def _ranked(qs: QuerySet[Document], query: Query) -> tuple[QuerySet[Document], str, list[Any]]:
    """The matching documents joined with the text index, with `score` selected (higher is
    better; 0 for a scan); returns the score's SQL and parameters for keyset conditions. A join,
    not a correlated subquery per row: FTS5 would evaluate the whole match once per row."""
    indexed = query.indexed
    if not indexed:
        return text_filter(qs, query).extra(select={"score": "0.0"}), "0.0", []
    if connection.vendor == "postgresql":
        tq = tsquery(indexed, query.exclude)
        qs = qs.extra(where=["search_document.tsv @@ %s::tsquery"], params=[tq])
        sql, params = "ts_rank(search_document.tsv, %s::tsquery)::float8", [tq]
    else:
        match = fts5_match(indexed, query.exclude)
        qs = qs.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_document.id", "search_fts MATCH %s"],
            params=[match],
        )
        sql, params = "-bm25(search_fts, 4.0, 1.0)", []
    for term in query.short:
        qs = qs.filter(_contains(term))
    for term in query.exclude:
        if term.short:
            qs = qs.exclude(_contains(term))
    return qs.extra(select={"score": sql}, select_params=params), sql, params


def text_filter(qs: QuerySet[Document], query: Query) -> QuerySet[Document]:
    """`qs` narrowed to the documents matching `query` (self-contained subqueries, so that the
    result can itself be a list's subquery)."""
    indexed = query.indexed
    if indexed:
        if connection.vendor == "postgresql":
            tq = tsquery(indexed, query.exclude)
            qs = qs.filter(id__in=RawSQL("SELECT id FROM search_document WHERE tsv @@ %s::tsquery", [tq]))
        else:
            match = fts5_match(indexed, query.exclude)
            qs = qs.filter(id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [match]))
        excluded = [t for t in query.exclude if t.short]
    else:
        excluded = query.exclude
    for term in query.short:
        qs = qs.filter(_contains(term))
    for term in excluded:
        qs = qs.exclude(_contains(term))
    return qs


@dataclass
class Hit:
    doc: Document
    title_html: SafeString
    snippet_html: SafeString
    link: str

    @property
    def kind_label(self) -> str:
        from .index import kind_label

        return kind_label(self.doc.kind)


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    next_cursor: str = ""
    total: int = 0
    total_capped: bool = False
    note: str = ""

    @property
    def error(self) -> str:
        return self.query.error

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP}+" if self.total_capped else str(self.total)


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    words = [w for w in words if w]
    if not words:
        return None
    words.sort(key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """`text` HTML-escaped, with every match wrapped in <mark>."""
    if pattern is None:
        return mark_safe(html.escape(text))
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, pattern: re.Pattern[str] | None, width: int = 120) -> SafeString:
    """About `width` characters of `text` around its first match, highlighted."""
    text = " ".join(text.split())
    start = 0
    if pattern is not None and (m := pattern.search(text)):
        start = max(0, m.start() - width // 4)
    piece = text[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, pattern) + suffix)


def _cursor(raw: str) -> tuple[float, int] | None:
    score, _, pk = (raw or "").partition("_")
    try:
        return float(score), int(pk)
    except ValueError:
        return None


def search(
    user: Any,
    q: str,
    *,
    kind: str = "",
    committee_id: int | None = None,
    year: int | None = None,
    state: str = "",
    category: str = "",
    cursor: str = "",
    home_committee_id: int | None = None,
    page_size: int = PAGE_SIZE,
) -> Results:
    """One page of what `user` finds for `q`, best first. A query of single characters only scans
    one committee (the chosen one, else `home_committee_id`)."""
    query = parse(q)
    results = Results(query=query)
    if query.error:
        return results
    qs = visible_documents(user)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    if not query.indexed:
        results.note = SHORT_NOTE
        committee_id = committee_id or home_committee_id
        if committee_id is None:
            return results
    if committee_id and query.indexed and connection.vendor == "sqlite":
        # Unary plus: SQLite must drive the query from the FTS5 match, not from the committee's
        # index with a match per row (measured 1.8 s against 47 ms for a three-word query).
        qs = qs.extra(where=["+search_document.committee_id = %s"], params=[committee_id])
    elif committee_id:
        qs = qs.filter(committee_id=committee_id)
    qs, score_sql, score_params = _ranked(qs, query)
    total = qs.order_by().values("id")[: COUNT_CAP + 1].count()
    results.total, results.total_capped = min(total, COUNT_CAP), total > COUNT_CAP
    after = _cursor(cursor)
    if after is not None:
        score, pk = after
        qs = qs.extra(
            where=[f"(({score_sql}) < %s OR (({score_sql}) = %s AND search_document.id < %s))"],
            params=[*score_params, score, *score_params, score, pk],
        )
    rows = list(qs.select_related("committee").order_by("-score", "-id")[: page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    pattern = _pattern(query.words())
    below = below_ids(user)
    results.hits = [
        Hit(
            doc=d,
            title_html=highlight(d.title, pattern),
            snippet_html=snippet(d.body, pattern),
            # A record of a committee below opens read-only here; its own page is its committee's.
            link=reverse("search:document", args=[d.pk]) if d.committee_id in below else d.url,
        )
        for d in rows
    ]
    if more and rows:
        last = rows[-1]
        results.next_cursor = f"{last.score!r}_{last.pk}"  # type: ignore[attr-defined]
    return results


def matching_ids(kind: str, q: str, committee_id: int | None = None) -> Any:
    """For an app's list filter (`pk__in=`): a subquery of the ids of the `kind` records whose
    title or text matches `q`, by the same rules as the results page. The list applies its own
    scope; unusable input matches nothing."""
    query = parse(q)
    qs = Document.objects.filter(kind=kind)
    if committee_id is not None:
        qs = qs.filter(committee_id=committee_id)
    if query.error:
        return qs.none().values("object_id")
    return text_filter(qs, query).values("object_id")

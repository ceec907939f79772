"""Reading the index: who may find what (scope), the query itself, ranking, snippets and keyset
pages. The same function serves the results page, the API and every list's `q` filter."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
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
# Ranking costs a score per hit: with more hits than this, only the newest RANK_POOL are ranked
# (first, best first) and the rest follow newest first (docs/search.md, "Ranking").
RANK_POOL = 200
RANKED_NOTE = f"符合条件的记录较多：最新的{RANK_POOL}条按相关程度排在前面，其余按时间从新到旧排列。"
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


def scope_q(user: Any, per_row: bool = False) -> Q | None:
    """Every document the user may open: each app's own page rule for its records, plus the
    records (not drafts) of the committees below his or her office. `per_row` checks each
    document's record by its key (EXISTS) instead of listing every visible record first: SQLite
    materialises each `IN (subquery)` whole, some 200 ms for a committee's office at city scale
    whatever the number of hits, while a search reads only a page and its count."""
    parts: list[Q] = []
    for kind, provider in providers().items():
        ids = provider.visible_ids(user)
        if ids is None:
            continue
        if per_row:
            parts.append(Q(kind=kind) & Q(Exists(ids.filter(pk=OuterRef("object_id")))))
        else:
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


def visible_documents(user: Any, per_row: bool = False) -> QuerySet[Document]:
    reach = scope_q(user, per_row)
    return Document.objects.none() if reach is None else Document.objects.filter(reach)


def _scoped(user: Any) -> QuerySet[Document]:
    """`visible_documents`, with the scope compiled to SQL once: a search builds several queries
    on it, and cloning the providers' two dozen subqueries for each cost more than running them.
    SQLite checks each hit's record by its key; PostgreSQL hashes each app's list once."""
    reach = scope_q(user, per_row=connection.vendor == "sqlite")
    if reach is None:
        return Document.objects.none()
    query = Document.objects.filter(reach).query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    return Document.objects.extra(where=[sql], params=list(params)).defer("title_terms", "body_terms")


def _contains(term: Term) -> Q:
    return Q(title__icontains=term.text) | Q(body__icontains=term.text)


def _matched(qs: QuerySet[Document], query: Query) -> tuple[QuerySet[Document], str, list[Any]]:
    """The documents matching `query` joined with the text index, and the SQL of their score
    (higher is better; "0.0" for a scan) with its parameters, for the select and keyset
    conditions. A join, not a correlated subquery per row: FTS5 would evaluate the whole match
    once per row."""
    indexed = query.indexed
    if not indexed:
        return text_filter(qs, query), "0.0", []
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
    return qs, sql, params


def _id_range(qs: QuerySet[Document], op: str, pk: int) -> QuerySet[Document]:
    """`qs` limited to ids `op` `pk`; on SQLite through the FTS5 rowid, which the text index
    itself narrows (the document's id is the index's rowid)."""
    column = "search_fts.rowid" if connection.vendor == "sqlite" else "search_document.id"
    return qs.extra(where=[f"{column} {op} %s"], params=[pk])


def _newest_first(qs: QuerySet[Document]) -> QuerySet[Document]:
    """Ordered newest first the way the text index can stream it: on SQLite by the FTS5 rowid,
    so that a LIMIT stops the match early instead of sorting every hit."""
    if connection.vendor == "sqlite":
        return qs.extra(order_by=["-search_fts.rowid"])
    return qs.order_by("-id")


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


@dataclass
class Cursor:
    """Where a page ends: the last hit's score and id; with `boundary`, the query had more than
    RANK_POOL hits and only those with an id of `boundary` or more were ranked — `score` None
    means the page ended among the rest, which follow newest first."""

    score: float | None
    pk: int
    boundary: int | None = None

    def __str__(self) -> str:
        score = "new" if self.score is None else repr(self.score)
        tail = "" if self.boundary is None else f"_{self.boundary}"
        return f"{score}_{self.pk}{tail}"


def _cursor(raw: str) -> Cursor | None:
    parts = (raw or "").split("_")
    try:
        if len(parts) == 2:
            return Cursor(float(parts[0]), int(parts[1]))
        if len(parts) == 3:
            score = None if parts[0] == "new" else float(parts[0])
            return Cursor(score, int(parts[1]), int(parts[2]))
    except ValueError:
        pass
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
    qs = _scoped(user)
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
    qs, score_sql, score_params = _matched(qs, query)
    after = _cursor(cursor)
    boundary = None
    if query.indexed:
        # The newest matches, ids only, streamed from the text index: the count, and whether
        # ranking them all would cost too much (more than RANK_POOL: ranking is O(hits)).
        newest = list(_newest_first(qs).values_list("id", flat=True)[: COUNT_CAP + 1])
        total = len(newest)
        if after is not None and after.boundary is not None:
            boundary = after.boundary
        elif after is None and total > RANK_POOL:
            boundary = newest[RANK_POOL - 1]
    else:
        total = qs.order_by().values("id")[: COUNT_CAP + 1].count()
    results.total, results.total_capped = min(total, COUNT_CAP), total > COUNT_CAP
    rows: list[Document] = []
    if after is None or after.score is not None:
        ranked = qs.extra(select={"score": score_sql}, select_params=score_params)
        if boundary is not None:
            ranked = _id_range(ranked, ">=", boundary)
        if after is not None and after.score is not None:
            ranked = ranked.extra(
                where=[f"(({score_sql}) < %s OR (({score_sql}) = %s AND search_document.id < %s))"],
                params=[*score_params, after.score, *score_params, after.score, after.pk],
            )
        rows = list(ranked.select_related("committee").order_by("-score", "-id")[: page_size + 1])
    if boundary is not None and len(rows) <= page_size:
        rest = _id_range(qs, "<", boundary if after is None or after.score is not None else after.pk)
        for d in _newest_first(rest.select_related("committee"))[: page_size + 1 - len(rows)]:
            d.score = None  # type: ignore[attr-defined]
            rows.append(d)
    if boundary is not None:
        results.note = RANKED_NOTE
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
        results.next_cursor = str(Cursor(last.score, last.pk, boundary))  # type: ignore[attr-defined]
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

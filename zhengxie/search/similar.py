"""Duplicate detection on the index (相似提案、重复信息、重复督办事项).

Measured on tests/data/paraphrases.json (64 proposals across eight fields, a genuine rewording of
each by another author, and a hard negative of each: same vocabulary, different issue) and, for
speed and recall among many documents, by bench/search.py with the same set inserted into the
city-scale seed; the figures are in docs/performance.md and docs/search.md.

1. Statistics of the scope (the documents of the same kind and committee of the last N years,
   `SearchSetting.similar_years`, default 3): document frequencies of character bigrams and of
   single characters over a sample of its newest SAMPLE documents (all of them in a small
   committee), kept in the process and refreshed when the scope changes (a small scope) or after
   STATS_SECONDS (a large one, where a few new documents do not move the figures).
2. Candidates come from the index: the query's bigrams that are not common in the scope (in at
   most COMMON of the sampled documents, when there are COMMON_FROM or more), rarest first, at
   most QUERY_TOKENS of them, and up to UNSEEN_TOKENS the sample lacks, looked up together; the
   best CANDIDATES of the scope by the database's own ranking (BM25 on FTS5,
   ts_rank on PostgreSQL). Common bigrams (建议, 部门, 的建) were what made the lookup slow — they
   match every document of every committee — and they say nothing about the issue. No segmenter
   decides what may match, so a paraphrase that words the issue differently still reaches the
   pool through the rarer bigrams it shares (the earlier prefilter on jieba's rarest terms
   dropped a quarter of the true matches).
3. Each candidate's text is compared with the query by the cosine of character TF-IDF vectors:
   sublinear term frequency (1 + log n), IDF from the scope's statistics, so characters that
   every document shares weigh little. Single characters beat bigrams and jieba words on the set:
   a rewording keeps the issue's characters (梯, 贷, 养) while it changes the words around them.
   Titles are left out when there is a text: the set's hard negatives share their original's
   title pattern (关于加强……的建议), and weighing titles raised the false warnings.
4. A hit is shown at SCORE_MIN and above (tests/search/test_similar.py asserts recall at five and
   the false warnings on the set).
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from .models import Document, SearchSetting
from .text import tokens

CANDIDATES = 20
QUERY_TOKENS = 12
UNSEEN_TOKENS = 36
COMMON = 0.2
COMMON_FROM = 50
SAMPLE = 200
STATS_SECONDS = 600
TEXT_CHARS = 1500  # of each text compared: enough to tell issues apart, cheap to read and count
# Chosen on the paraphrase set (tests/search/test_similar.py prints the distribution).
SCORE_MIN = 0.33
DEFAULT_YEARS = 3

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Similar:
    doc: Document
    score: float


@dataclass
class ScopeStats:
    """Document frequencies over a sample of a scope's documents."""

    docs: int
    complete: bool  # the sample is the whole scope
    bigrams: Counter[str]
    chars: Counter[str]
    signature: tuple[object, ...]
    at: float
    idf: dict[str, float] = field(default_factory=dict)
    unseen: float = 0.0

    def __post_init__(self) -> None:
        n = self.docs
        self.idf = {t: math.log((n + 1) / (df + 1)) + 1 for t, df in self.chars.items()}
        self.unseen = math.log(n + 1) + 1


# The scopes used lately, at most STATS_KEPT (a province server serves many committees; a scope's
# statistics hold a few thousand to some tens of thousands of counts).
_STATS: OrderedDict[tuple[object, ...], ScopeStats] = OrderedDict()
STATS_KEPT = 16


def years_for(committee_id: int) -> int:
    setting = (
        SearchSetting.objects.filter(committee_id=committee_id)
        .values_list("similar_years", flat=True)
        .first()
    )
    return setting or DEFAULT_YEARS


def _head(title: str, text: str) -> str:
    """What is compared of a document: its text (its title when it has none), the first
    TEXT_CHARS characters."""
    return (text or title)[:TEXT_CHARS]


def _bigrams(s: str) -> set[str]:
    return {t for t in tokens(s) if len(t) == 2 and not t.isascii()}


def _scope(kind: str, committee_id: int, since: int, include_private: bool) -> QuerySet[Document]:
    qs = Document.objects.filter(kind=kind, committee_id=committee_id, year__gte=since)
    return qs if include_private else qs.filter(office_open=True)


def scope_stats(kind: str, committee_id: int, since: int, include_private: bool) -> ScopeStats:
    key = (kind, committee_id, since, include_private)
    """The statistics of a scope, from the process's cache when they still hold: a scope sampled
    whole is checked against its count, last id and last change on every call (one aggregate over
    a few hundred rows at most); a larger one is trusted for STATS_SECONDS."""
    key = (kind, committee_id, since, include_private)
    cached = _STATS.get(key)
    now = time.monotonic()
    if cached is not None:
        _STATS.move_to_end(key)
        if not cached.complete and now - cached.at < STATS_SECONDS:
            return cached
    qs = _scope(kind, committee_id, since, include_private)
    sig = tuple(qs.aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at")).values())
    if cached is not None and cached.signature == sig:
        cached.at = now
        return cached
    heads = list(
        qs.order_by("-id").annotate(head=Substr("body", 1, TEXT_CHARS)).values_list("title", "head")[:SAMPLE]
    )
    bigrams: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for title, head in heads:
        text = _head(title, head)
        bigrams.update(_bigrams(text) | _bigrams(title))
        chars.update(set(_CJK.findall(text)) | set(_CJK.findall(title)))
    stats = ScopeStats(
        docs=len(heads), complete=len(heads) >= sig[0], bigrams=bigrams, chars=chars, signature=sig, at=now
    )
    _STATS[key] = stats
    while len(_STATS) > STATS_KEPT:
        _STATS.popitem(last=False)
    return stats


def _query_bigrams(title: str, text: str) -> list[str]:
    """The query's distinct bigrams in order of appearance, the title first."""
    return list(
        dict.fromkeys(t for t in tokens(title) + tokens(_head("", text)) if len(t) == 2 and not t.isascii())
    )


def _query_tokens(bigrams: list[str], stats: ScopeStats, excluding: bool) -> list[str]:
    """The query's bigrams worth looking up: not common in the scope (only a scope of COMMON_FROM
    documents or more has common ones), rarest first (in order of appearance among equals), at
    most QUERY_TOKENS, and the bigrams the sample lacks. When the query is itself a record of a
    scope sampled whole (`excluding` it), each of its bigrams counts it once."""
    order = {t: i for i, t in enumerate(bigrams)}
    own = 1 if excluding and stats.complete else 0
    df = {t: max(0, stats.bigrams[t] - own) for t in bigrams}
    limit = int(stats.docs * COMMON) if stats.docs >= COMMON_FROM else stats.docs
    known = [t for t in bigrams if df[t]]
    kept = [t for t in known if df[t] <= limit] or known
    kept.sort(key=lambda t: (df[t], order[t]))
    # Bigrams the sample lacks: in a scope sampled whole they cannot find anything; in a larger
    # one they are rare there or absent (most are cut across two words, 业告, 诉我, and match
    # nothing), and a rewording shares its original's wording mostly through them. Their
    # postings are short, so up to UNSEEN_TOKENS of them are looked up as well, in order.
    unseen = [] if stats.complete else [t for t in bigrams if not df[t]][:UNSEEN_TOKENS]
    return kept[:QUERY_TOKENS] + unseen


def _candidates(
    kind: str, committee_id: int, toks: list[str], since: int, exclude: list[int], include_private: bool
) -> list[Document]:
    if connection.vendor == "postgresql":
        qs = _scope(kind, committee_id, since, include_private)
        tq = " | ".join(f"'{t}'" for t in toks)
        qs = qs.extra(
            where=["search_document.tsv @@ %s::tsquery"],
            params=[tq],
            select={"rank": "ts_rank(search_document.tsv, %s::tsquery)"},
            select_params=[tq],
        )
    else:
        # A join with the FTS5 table (a correlated match per row would be quadratic), driven
        # from the match: the unary pluses keep SQLite off the scope's index, from which it
        # would run the match once per document of the committee (seconds at city scale).
        match = " OR ".join(f'"{t}"' for t in toks)
        qs = Document.objects.extra(
            tables=["search_fts"],
            where=[
                "search_fts.rowid = search_document.id",
                "search_fts MATCH %s",
                "+search_document.committee_id = %s",
                "+search_document.kind = %s",
                "+search_document.year >= %s",
            ],
            params=[match, committee_id, kind, since],
            select={"rank": "-bm25(search_fts, 2.0, 1.0)"},
        )
        if not include_private:
            qs = qs.filter(office_open=True)
    if exclude:
        qs = qs.exclude(object_id__in=exclude)
    return list(
        qs.annotate(head=Substr("body", 1, TEXT_CHARS))
        .order_by("-rank", "-id")
        .only("id", "kind", "object_id", "committee_id", "title", "url", "state", "year")[:CANDIDATES]
    )


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(b) < len(a):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


def _vector(text: str, stats: ScopeStats) -> dict[str, float]:
    """Sublinear TF (1 + log n) times the scope's IDF for every character of `text`."""
    idf = stats.idf
    unseen = stats.unseen
    return {t: (1 + math.log(c)) * idf.get(t, unseen) for t, c in Counter(_CJK.findall(text)).items()}


def similar(
    *,
    kind: str,
    committee_id: int,
    title: str,
    text: str,
    exclude: list[int] | None = None,
    limit: int = 5,
    min_score: float = SCORE_MIN,
    include_private: bool = False,
) -> list[Similar]:
    """The records of `kind` in the committee most like `title` + `text`, best first. Records
    not yet open to the office (drafts) are compared only with `include_private` (an office
    comparing its own registrations)."""
    bigrams = _query_bigrams(title, text)
    if not bigrams:
        return []
    since = timezone.localdate().year - years_for(committee_id) + 1
    stats = scope_stats(kind, committee_id, since, include_private)
    toks = _query_tokens(bigrams, stats, bool(exclude))
    if not toks:
        return []
    pool = _candidates(kind, committee_id, toks, since, exclude or [], include_private)
    if not pool:
        return []
    qv = _vector(_head(title, text), stats)
    scored = sorted(
        ((cosine(qv, _vector(_head(d.title, d.head), stats)), d) for d in pool),  # type: ignore[attr-defined]
        key=lambda pair: (-pair[0], -pair[1].pk),
    )
    return [Similar(doc=d, score=round(s, 3)) for s, d in scored[:limit] if s >= min_score]

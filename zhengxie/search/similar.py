"""Duplicate detection on the index (相似提案、重复信息、重复督办事项).

Measured on tests/data/paraphrases.json (64 proposals across eight fields, a genuine rewording of
each by another author, and a hard negative of each: same vocabulary, different issue); the
figures are in docs/performance.md ("Duplicate detection"):

1. Candidates come from the index: the documents of the same kind and committee of the last N
   years (N per committee, `SearchSetting.similar_years`, default 3) that share any of the
   query's character bigrams, the best CANDIDATES by the database's own ranking (BM25 on FTS5,
   ts_rank on PostgreSQL). No segmenter decides what may match, so a paraphrase that words the
   issue differently still reaches the pool (the earlier prefilter on jieba's rarest terms
   dropped a quarter of the true matches).
2. Each candidate's text is compared with the query by the cosine of character TF-IDF vectors:
   sublinear term frequency (1 + log n), IDF over the candidate pool, so characters that every
   candidate shares weigh little. Single characters beat bigrams and jieba words on the set:
   a rewording keeps the issue's characters (梯, 贷, 养) while it changes the words around them.
   Titles are left out when there is a text: the set's hard negatives share their original's
   title pattern (关于加强……的建议), and weighing titles raised the false warnings.
3. A hit is shown at SCORE_MIN and above: on the set, recall at five 62/64 and warnings on 6 of
   the 64 negatives (tests/search/test_similar.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import Document, SearchSetting
from .text import tokens

CANDIDATES = 200
QUERY_TOKENS = 96
TEXT_CHARS = 1500  # of each text compared: enough to tell issues apart, cheap for 200 candidates
# Chosen on the paraphrase set (tests/search/test_similar.py prints the distribution).
SCORE_MIN = 0.33
DEFAULT_YEARS = 3


@dataclass
class Similar:
    doc: Document
    score: float


def years_for(committee_id: int) -> int:
    setting = (
        SearchSetting.objects.filter(committee_id=committee_id)
        .values_list("similar_years", flat=True)
        .first()
    )
    return setting or DEFAULT_YEARS


def _query_tokens(title: str, text: str) -> list[str]:
    """Distinct bigrams of the query, title first, at most QUERY_TOKENS of them."""
    seen = dict.fromkeys(t for t in tokens(title) + tokens(text) if len(t) == 2 and not t.isascii())
    return list(seen)[:QUERY_TOKENS]


def _candidates(
    kind: str, committee_id: int, toks: list[str], since: int, exclude: list[int], include_private: bool
) -> list[Document]:
    qs = Document.objects.filter(kind=kind, committee_id=committee_id, year__gte=since)
    if not include_private:
        qs = qs.filter(office_open=True)
    if exclude:
        qs = qs.exclude(object_id__in=exclude)
    if connection.vendor == "postgresql":
        tq = " | ".join(f"'{t}'" for t in toks)
        qs = qs.extra(
            where=["search_document.tsv @@ %s::tsquery"],
            params=[tq],
            select={"rank": "ts_rank(search_document.tsv, %s::tsquery)"},
            select_params=[tq],
        )
    else:
        # A join with the FTS5 table (a correlated match per row would be quadratic).
        match = " OR ".join(f'"{t}"' for t in toks)
        qs = qs.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_document.id", "search_fts MATCH %s"],
            params=[match],
            select={"rank": "-bm25(search_fts, 2.0, 1.0)"},
        )
    return list(
        qs.order_by("-rank", "-id").only(
            "id", "kind", "object_id", "committee_id", "title", "body", "url", "state", "year"
        )[:CANDIDATES]
    )


_CJK = re.compile(r"[\u3400-\u9fff]")


def _chars(title: str, text: str) -> Counter[str]:
    return Counter(_CJK.findall((text or title)[:TEXT_CHARS]))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


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
    toks = _query_tokens(title, text)
    if not toks:
        return []
    since = timezone.localdate().year - years_for(committee_id) + 1
    pool = _candidates(kind, committee_id, toks, since, exclude or [], include_private)
    if not pool:
        return []
    query_counts = _chars(title, text)
    doc_counts = [_chars(d.title, d.body) for d in pool]
    df: Counter[str] = Counter()
    for d, counts in zip(pool, doc_counts, strict=True):
        df.update(set(counts) | set(_CJK.findall(d.title)))
    n = len(pool)

    def weight(t: str, count: int) -> float:
        return (1 + math.log(count)) * (math.log((n + 1) / (df[t] + 1)) + 1)

    qv = {t: weight(t, c) for t, c in query_counts.items()}
    scored = sorted(
        (
            (cosine(qv, {t: weight(t, c) for t, c in counts.items()}), d)
            for counts, d in zip(doc_counts, pool, strict=True)
        ),
        key=lambda pair: (-pair[0], -pair[1].pk),
    )
    return [Similar(doc=d, score=round(s, 3)) for s, d in scored[:limit] if s >= min_score]

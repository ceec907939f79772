"""Similar proposals (相似提案): the reviewer's hint for merging (并案) and the member's warning
before submitting a duplicate.

Method (docs/proposals.md, "Similar proposals"):

1. The query text is segmented with the same `lib.text.terms` that fills `Proposal.terms` at save,
   so both sides are cut into the same words.
2. Every term is weighted by its inverse document frequency. We take the IDF table that ships with
   jieba (built from a large general Chinese corpus) rather than counting over the committee's own
   proposals: it costs no query, it is the same for every committee, and it already ranks the
   words that tell proposals apart ("加装", "电梯") far above the words every proposal uses
   ("社会", "发展"). Words missing from the table get its median.
3. Candidates are bounded before any scoring: the committee's proposals of the last three years
   (drafts, proposals awaiting co-signers and withdrawn ones excluded) that contain at least one
   of the query's RAREST_TERMS highest-IDF terms (a LIKE on the `terms` column), ordered by how
   much rare weight they share and capped at CANDIDATE_CAP rows. With ~7 000 proposals a
   committee-year that is one indexed range scan of about 21 000 short rows and a few hundred
   rows brought back.
4. Each candidate gets the cosine of TF-IDF vectors (term count × IDF) with the query; those at
   or above `min_score` come back best first.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache

from django.db.models import Case, F, FloatField, Q, Value, When
from django.utils import timezone

from zhengxie.lib.text import terms

from .models import Proposal

P = Proposal.State
YEARS = 3
RAREST_TERMS = 6
CANDIDATE_CAP = 300
MIN_SCORE = 0.2
# Never compared: texts nobody else can read yet, or that their author took back.
EXCLUDED_STATES = (P.DRAFT, P.COSIGNING, P.WITHDRAWN)


@cache
def _idf_table() -> tuple[dict[str, float], float]:
    from jieba.analyse import TFIDF  # loads the 270 000-word table once per process

    table = TFIDF()
    return table.idf_freq, table.median_idf


def idf(term: str) -> float:
    table, median = _idf_table()
    return table.get(term, median)


def _vector(words: list[str]) -> dict[str, float]:
    return {t: n * idf(t) for t, n in Counter(words).items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


def similar_to(
    *,
    committee_id: int,
    text: str,
    exclude_pk: int | None = None,
    limit: int = 5,
    min_score: float = MIN_SCORE,
) -> list[tuple[Proposal, float]]:
    """The committee's proposals most like `text` (a title and body), with their cosine score."""
    query = _vector(terms(text))
    if not query:
        return []
    rarest = sorted(query, key=lambda t: (-idf(t), t))[:RAREST_TERMS]
    shares = Q()
    weight = Value(0.0, output_field=FloatField())
    for term in rarest:
        shares |= Q(terms__contains=term)
        weight = weight + Case(  # type: ignore[assignment]
            When(terms__contains=term, then=Value(idf(term))), default=Value(0.0), output_field=FloatField()
        )
    qs = (
        Proposal.objects.filter(committee_id=committee_id, year__gte=timezone.localdate().year - YEARS + 1)
        .exclude(state__in=EXCLUDED_STATES)
        .filter(shares)
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    candidates = (
        qs.annotate(shared=weight)
        .order_by(F("shared").desc(), "-id")
        .values_list("pk", "terms")[:CANDIDATE_CAP]
    )
    scored = sorted(
        (
            (score, pk)
            for pk, words in candidates
            if (score := cosine(query, _vector(words.split()))) >= min_score
        ),
        reverse=True,
    )[:limit]
    found = Proposal.objects.in_bulk([pk for _, pk in scored])
    return [(found[pk], round(score, 3)) for score, pk in scored if pk in found]

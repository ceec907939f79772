"""Similar proposals (相似提案): the reviewer's hint for merging (并案) and the member's warning
before submitting a duplicate. The method lives in the search app (`search.similar`, measured on
tests/data/paraphrases.json): candidates from the one index over the committee's last N years,
scored by a character TF-IDF cosine. Here its hits become proposals; drafts, proposals awaiting
co-signers (not in the index as open) and withdrawn ones are never compared."""

from __future__ import annotations

from zhengxie.search.similar import SCORE_MIN, similar

from .models import Proposal

P = Proposal.State
MIN_SCORE = SCORE_MIN
EXCLUDED_STATES = (P.DRAFT, P.COSIGNING, P.WITHDRAWN)


def similar_to(
    *,
    committee_id: int,
    text: str,
    title: str = "",
    exclude_pk: int | None = None,
    limit: int = 5,
    min_score: float = MIN_SCORE,
) -> list[tuple[Proposal, float]]:
    """The committee's proposals most like `title` and `text`, with their score, best first."""
    hits = similar(
        kind="proposal",
        committee_id=committee_id,
        title=title,
        text=text,
        exclude=[exclude_pk] if exclude_pk is not None else [],
        limit=limit + 2,  # room for the withdrawn ones dropped below
        min_score=min_score,
    )
    found = Proposal.objects.in_bulk([h.doc.object_id for h in hits])
    out = [
        (found[h.doc.object_id], h.score)
        for h in hits
        if h.doc.object_id in found and found[h.doc.object_id].state not in EXCLUDED_STATES
    ]
    return out[:limit]

"""Duplicate detection on the paraphrase set (tests/data/paraphrases.json): every original is in
the index; each rewording must find its original among the top five, and the hard negatives
(same vocabulary, another issue) must rarely raise a warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zhengxie.search.index import Doc, index_document
from zhengxie.search.similar import SCORE_MIN, similar

DATA = json.loads((Path(__file__).resolve().parent.parent / "data" / "paraphrases.json").read_text())
PAIRS = DATA["pairs"]


def _index_originals(committee_id: int, year: int) -> None:
    for i, pair in enumerate(PAIRS, start=1):
        index_document(
            Doc(
                kind="proposal",
                object_id=i,
                committee_id=committee_id,
                title=pair["original"]["title"],
                body=pair["original"]["text"],
                year=year,
                url=f"/proposals/{i}/",
            )
        )


def test_paraphrase_set_is_large_and_varied() -> None:
    assert len(PAIRS) >= 60
    assert len({p["domain"] for p in PAIRS}) >= 8


@pytest.mark.django_db
def test_rewordings_find_their_original_and_negatives_rarely_warn(p: Any) -> None:
    from django.utils import timezone

    _index_originals(p.city.pk, timezone.localdate().year)
    hits, warned, scores_true, scores_neg = 0, 0, [], []
    for i, pair in enumerate(PAIRS, start=1):
        found = similar(
            kind="proposal",
            committee_id=p.city.pk,
            title=pair["rewording"]["title"],
            text=pair["rewording"]["text"],
            min_score=0.0,
        )
        ids = [s.doc.object_id for s in found]
        score = found[ids.index(i)].score if i in ids else 0.0
        scores_true.append(score)
        if score >= SCORE_MIN:
            hits += 1
        negative = similar(
            kind="proposal",
            committee_id=p.city.pk,
            title=pair["negative"]["title"],
            text=pair["negative"]["text"],
            min_score=0.0,
        )
        top = negative[0].score if negative else 0.0
        scores_neg.append(top)
        if top >= SCORE_MIN:
            warned += 1
    for t in range(28, 40):
        print(t / 100, sum(x >= t / 100 for x in scores_true), sum(x >= t / 100 for x in scores_neg))
    scores_true.sort()
    scores_neg.sort()
    print(
        f"recall@5 {hits}/{len(PAIRS)}; false warnings {warned}/{len(PAIRS)} at {SCORE_MIN};"
        f" true min/median {scores_true[0]}/{scores_true[len(scores_true) // 2]};"
        f" negative median/p90/max {scores_neg[len(scores_neg) // 2]}/{scores_neg[int(len(scores_neg) * 0.9)]}/{scores_neg[-1]}"
    )
    assert hits / len(PAIRS) >= 0.95
    assert warned / len(PAIRS) <= 0.10

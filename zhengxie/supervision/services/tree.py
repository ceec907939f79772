"""Parent items' progress, rolled up from their children by weight.

A parent's progress is the weighted mean of its children's (cancelled children do not count,
done ones count 100%); it is stored on the parent so the board can sort and filter by it, and
recomputed here, up the tree, whenever a child's progress changes.
"""

from __future__ import annotations

from decimal import Decimal

from ..models import Item

S = Item.State


def rollup_progress(parent_id: int | None) -> None:
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        children = Item.objects.filter(parent_id=parent_id).exclude(state=S.CANCELLED)
        rows = list(children.values_list("progress", "weight", "state"))
        total = sum((w for _, w, _ in rows), Decimal(0))
        if total:
            done_states = (S.DONE, S.CLOSED)
            weighted = sum((Decimal(100 if s in done_states else p) * w for p, w, s in rows), Decimal(0))
            progress = int((weighted / total).quantize(Decimal(1)))
            Item.objects.filter(pk=parent_id).update(progress=progress)
        parent_id = Item.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()

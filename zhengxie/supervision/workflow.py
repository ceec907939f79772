"""The supervision item's workflow (domain.md §5.2): leader approval → issued → signed for →
in progress → completion report → verification (returned or accepted) → done → struck off;
a unit may ask to return a wrongly assigned item; a leader may cancel any open item.

`unit` below means a clerk or leader of the item's lead unit (see permissions.actor_roles).
`system` is held by no user: it is the app whose record an item follows up (a proposal, say),
acting through the `*_from_source` services of services/items.py when that record moves on —
the unit changed, the reply approved — so the item keeps in step without anyone re-entering it."""

from __future__ import annotations

from zhengxie.lib.workflow import Step

from .models import Item

S = Item.State
STAFF = "supervision_staff"
LEADER = "leader"
UNIT = "lead_unit"  # pseudo-role: holder works for the item's lead unit
SYSTEM = "system"  # pseudo-role: the source app's service or job, never a user

_cancel = Step("supervision.item.cancelled", frozenset({LEADER}), "撤销")
# The source moved the work to another unit: the new unit signs for it again. (An item not yet
# signed for keeps its state; services/from_source.py changes its unit without a step, since a
# row to the same state would answer a wrong-state request with "not allowed".)
_reassigned = Step("supervision.item.reassigned_by_source", frozenset({SYSTEM}), "承办单位调整")
# The source resolved what the item chases (the proposal was answered): nothing left to report.
_settled = Step("supervision.item.settled_by_source", frozenset({SYSTEM}), "来源事项已办结")

TABLE: dict[str, dict[str, Step]] = {
    S.DRAFT: {
        # SYSTEM: a reminder the source's rules demand (提案办理催办) needs no leader's decision.
        S.REGISTERED: Step("supervision.item.approved", frozenset({LEADER, SYSTEM}), "审核通过"),
        S.CANCELLED: _cancel,
    },
    S.REGISTERED: {
        S.ISSUED: Step("supervision.item.issued", frozenset({STAFF, SYSTEM}), "下发"),
        S.CANCELLED: _cancel,
    },
    S.ISSUED: {
        S.IN_PROGRESS: Step("supervision.item.signed", frozenset({UNIT}), "签收"),
        S.RETURN_REVIEW: Step("supervision.item.return_requested", frozenset({UNIT}), "申请退办"),
        # The source's own approved answer is the completion report (a key proposal's reply).
        S.VERIFYING: Step("supervision.item.completion_reported", frozenset({SYSTEM}), "报送办结报告"),
        S.DONE: _settled,
        S.CANCELLED: _cancel,
    },
    S.IN_PROGRESS: {
        S.VERIFYING: Step("supervision.item.completion_reported", frozenset({UNIT, SYSTEM}), "报送办结报告"),
        S.RETURN_REVIEW: Step("supervision.item.return_requested", frozenset({UNIT}), "申请退办"),
        S.ISSUED: _reassigned,
        S.DONE: _settled,
        S.CANCELLED: _cancel,
    },
    S.RETURN_REVIEW: {
        S.REGISTERED: Step("supervision.item.return_accepted", frozenset({STAFF}), "同意退办（重新交办）"),
        S.IN_PROGRESS: Step("supervision.item.return_refused", frozenset({STAFF}), "不同意退办"),
        S.ISSUED: _reassigned,
        S.DONE: _settled,
        S.CANCELLED: _cancel,
    },
    S.VERIFYING: {
        S.IN_PROGRESS: Step("supervision.item.completion_returned", frozenset({STAFF}), "退回重办"),
        # SYSTEM: the source resolved the matter while the unit's report waited; one row per pair
        # of states, so this is the acceptance step (the audit data says it was the source's).
        S.DONE: Step("supervision.item.accepted", frozenset({STAFF, SYSTEM}), "核实通过"),
        S.ISSUED: _reassigned,
        S.CANCELLED: _cancel,
    },
    S.DONE: {
        S.CLOSED: Step("supervision.item.closed", frozenset({STAFF}), "销号归档"),
    },
}

LABELS = dict(S.choices)

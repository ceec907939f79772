"""The supervision item's workflow (domain.md §5.2): leader approval → issued → signed for →
in progress → completion report → verification (returned or accepted) → done → struck off;
a unit may ask to return a wrongly assigned item; a leader may cancel any open item.

`unit` below means a clerk or leader of the item's lead unit (see permissions.actor_roles)."""

from __future__ import annotations

from zhengxie.lib.workflow import Step

from .models import Item

S = Item.State
STAFF = "supervision_staff"
LEADER = "leader"
UNIT = "lead_unit"  # pseudo-role: holder works for the item's lead unit

_cancel = Step("supervision.item.cancelled", frozenset({LEADER}), "撤销")

TABLE: dict[str, dict[str, Step]] = {
    S.DRAFT: {
        S.REGISTERED: Step("supervision.item.approved", frozenset({LEADER}), "审核通过"),
        S.CANCELLED: _cancel,
    },
    S.REGISTERED: {
        S.ISSUED: Step("supervision.item.issued", frozenset({STAFF}), "下发"),
        S.CANCELLED: _cancel,
    },
    S.ISSUED: {
        S.IN_PROGRESS: Step("supervision.item.signed", frozenset({UNIT}), "签收"),
        S.RETURN_REVIEW: Step("supervision.item.return_requested", frozenset({UNIT}), "申请退办"),
        S.CANCELLED: _cancel,
    },
    S.IN_PROGRESS: {
        S.VERIFYING: Step("supervision.item.completion_reported", frozenset({UNIT}), "报送办结报告"),
        S.RETURN_REVIEW: Step("supervision.item.return_requested", frozenset({UNIT}), "申请退办"),
        S.CANCELLED: _cancel,
    },
    S.RETURN_REVIEW: {
        S.REGISTERED: Step("supervision.item.return_accepted", frozenset({STAFF}), "同意退办（重新交办）"),
        S.IN_PROGRESS: Step("supervision.item.return_refused", frozenset({STAFF}), "不同意退办"),
        S.CANCELLED: _cancel,
    },
    S.VERIFYING: {
        S.IN_PROGRESS: Step("supervision.item.completion_returned", frozenset({STAFF}), "退回重办"),
        S.DONE: Step("supervision.item.accepted", frozenset({STAFF}), "核实通过"),
        S.CANCELLED: _cancel,
    },
    S.DONE: {
        S.CLOSED: Step("supervision.item.closed", frozenset({STAFF}), "销号归档"),
    },
}

LABELS = dict(S.choices)

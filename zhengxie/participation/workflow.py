"""The micro-suggestion's workflow (state → next state, with who may take the step).

The office (proposal or information staff) screens a new suggestion and routes it to a handling
unit or declines it; the unit answers it or sends it back to the office for another unit; the
author rates the answer, which closes it."""

from __future__ import annotations

from zhengxie.lib.workflow import Step, Table
from zhengxie.org.roles import Role

from .models import MicroSuggestion

S = MicroSuggestion.State
OFFICE = frozenset({Role.PROPOSAL_STAFF, Role.INFO_STAFF})
UNIT = "unit"  # the clerk or leader of the suggestion's unit (added by permissions.actor_roles)
AUTHOR = "author"  # the member who made it
# Who may prepare a proposal draft for the member from a suggestion or a studio's problem.
PROMOTERS = frozenset({Role.PROPOSAL_STAFF})

TABLE: Table = {
    S.SUBMITTED: {
        S.ROUTED: Step("participation.micro.routed", OFFICE, "交办"),
        S.DECLINED: Step("participation.micro.declined", OFFICE, "不予交办"),
    },
    S.ROUTED: {
        S.ANSWERED: Step("participation.micro.answered", frozenset({UNIT}), "答复"),
        S.SUBMITTED: Step("participation.micro.returned", frozenset({UNIT}), "退回重新交办"),
    },
    S.ANSWERED: {
        S.RATED: Step("participation.micro.rated", frozenset({AUTHOR}), "评价"),
    },
}
LABELS = dict(S.choices)

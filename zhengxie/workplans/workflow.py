"""The year's plans: drafted by activity staff, submitted, approved by a leader (or returned), and
published by activity staff together with the approved consultation plan."""

from __future__ import annotations

from zhengxie.lib.workflow import Step as S
from zhengxie.org.roles import Role

from .models import YearPlan

STAFF = frozenset({Role.ACTIVITY_STAFF})
LEADER = frozenset({Role.LEADER})
Y = YearPlan.State

YEAR_TABLE: dict[str, dict[str, S]] = {
    Y.DRAFTING: {Y.SUBMITTED: S("workplans.plan.submitted", STAFF, "报请审定")},
    Y.SUBMITTED: {
        Y.APPROVED: S("workplans.plan.approved", LEADER, "审定通过"),
        Y.DRAFTING: S("workplans.plan.returned", LEADER, "退回修改"),
    },
    Y.APPROVED: {Y.PUBLISHED: S("workplans.plan.published", STAFF, "印发")},
}
YEAR_LABELS = dict(Y.choices)

"""The workflows of consultations (domain.md §4.2): the annual plan (征集 → 报请审定 → 审定) and
the eight steps of each consultation (确定议题 → 制定方案 → 前期调研 → 召开会议 → 报送成果 →
跟踪监督 → 反馈结果 → 形成档案). Activity staff move a consultation on; a leader records the
party committee's approval of the plan."""

from __future__ import annotations

from itertools import pairwise

from zhengxie.lib.workflow import Step as S
from zhengxie.org.roles import Role

from .models import Activity, Plan, Step

STAFF = frozenset({Role.ACTIVITY_STAFF})
LEADER = frozenset({Role.LEADER})
P = Plan.State

PLAN_TABLE: dict[str, dict[str, S]] = {
    P.COLLECTING: {P.SUBMITTED: S("consultations.plan.submitted", STAFF, "报请审定")},
    P.SUBMITTED: {
        P.APPROVED: S("consultations.plan.approved", LEADER, "审定通过"),
        P.COLLECTING: S("consultations.plan.returned", LEADER, "退回修改"),
    },
}
PLAN_LABELS = dict(P.choices)

ORDER = [s.value for s in Step]
STEP_TABLE: dict[str, dict[str, S]] = {
    current: {nxt: S(f"consultations.step.{nxt}", STAFF, f"进入“{Step(nxt).label}”")}
    for current, nxt in pairwise(ORDER)
}
STEP_LABELS = dict(Step.choices)

# An activity is held (absences recorded) or cancelled by activity staff; the hourly job closes
# activities left open and acts with the office's role.
AS = Activity.State
ACTIVITY_TABLE: dict[str, dict[str, S]] = {
    AS.PLANNED: {
        AS.HELD: S("consultations.activity.held", STAFF, "活动结束"),
        AS.CANCELLED: S("consultations.activity.cancelled", STAFF, "取消活动"),
    },
}
ACTIVITY_LABELS = dict(AS.choices)


def next_step(state: str) -> str | None:
    i = ORDER.index(state)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None

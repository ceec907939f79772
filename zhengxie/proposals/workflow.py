"""The proposal's workflow (domain.md §1.16), the handling unit's share of it and the reply's.

Pseudo-roles, decided per object in permissions.actor_roles:
- `proposer`: the first proposer (or, for a collective proposal, its drafter and convener);
- `unit`: a clerk or leader of the unit an assignment or reply belongs to;
- `co_unit`: a clerk or leader of a co-handling (会办) unit of the proposal;
- `system`: the periodic job (co-signing deadline, rating deadline).
"""

from __future__ import annotations

from zhengxie.lib.workflow import Step

from .models import Assignment, Proposal, Reply

P = Proposal.State
STAFF = "proposal_staff"
LEADER = "leader"
PROPOSER = "proposer"
UNIT = "unit"
CO_UNIT = "co_unit"
SYSTEM = "system"

_withdraw = Step("proposals.proposal.withdrawn", frozenset({PROPOSER}), "撤案")
_return = Step("proposals.proposal.returned", frozenset({STAFF}), "退回修改")
_merge = Step("proposals.proposal.merged", frozenset({STAFF}), "并案")
_not_file = Step("proposals.proposal.not_filed", frozenset({STAFF}), "不予立案")
_file = Step("proposals.proposal.filed", frozenset({STAFF}), "立案")

TABLE: dict[str, dict[str, Step]] = {
    P.DRAFT: {
        P.COSIGNING: Step("proposals.proposal.cosign_requested", frozenset({PROPOSER}), "提交联名确认"),
        P.SUBMITTED: Step("proposals.proposal.submitted", frozenset({PROPOSER}), "提交"),
        P.WITHDRAWN: _withdraw,
    },
    P.COSIGNING: {
        P.SUBMITTED: Step("proposals.proposal.submitted", frozenset({PROPOSER, SYSTEM}), "提交"),
        P.DRAFT: Step("proposals.proposal.recalled", frozenset({PROPOSER}), "撤回修改"),
        P.WITHDRAWN: _withdraw,
    },
    P.SUBMITTED: {
        P.REVIEWING: Step("proposals.proposal.stage_passed", frozenset({STAFF}), "审查通过，转下一环节"),
        P.RETURNED: _return,
        P.MERGED: _merge,
        P.NOT_FILED: _not_file,
        P.FILED: _file,
        P.WITHDRAWN: _withdraw,
    },
    P.REVIEWING: {
        P.REVIEWING: Step("proposals.proposal.stage_passed", frozenset({STAFF}), "审查通过，转下一环节"),
        P.RETURNED: _return,
        P.MERGED: _merge,
        P.NOT_FILED: _not_file,
        P.FILED: _file,
        P.WITHDRAWN: _withdraw,
    },
    P.RETURNED: {
        P.SUBMITTED: Step("proposals.proposal.resubmitted", frozenset({PROPOSER}), "修改后重新提交"),
        P.WITHDRAWN: _withdraw,
    },
    P.FILED: {
        P.ASSIGNED: Step("proposals.proposal.assigned", frozenset({STAFF}), "交办"),
    },
    P.ASSIGNED: {
        P.REPLIED: Step("proposals.proposal.replied", frozenset({STAFF}), "答复完成"),
    },
    P.REPLIED: {
        P.REHANDLING: Step("proposals.proposal.rehandling", frozenset({STAFF}), "重新办理"),
        P.CLOSED: Step("proposals.proposal.closed", frozenset({STAFF, SYSTEM}), "办结"),
    },
    P.REHANDLING: {
        P.REPLIED: Step("proposals.proposal.replied", frozenset({STAFF}), "答复完成"),
    },
}

A = Assignment.State
ASSIGNMENT_TABLE: dict[str, dict[str, Step]] = {
    A.PENDING: {
        A.HANDLING: Step("proposals.assignment.signed", frozenset({UNIT}), "签收"),
        A.OBJECTING: Step("proposals.assignment.objected", frozenset({UNIT}), "申请改办"),
    },
    A.HANDLING: {
        A.OBJECTING: Step("proposals.assignment.objected", frozenset({UNIT}), "申请改办"),
        A.REPLIED: Step("proposals.assignment.replied", frozenset({STAFF, UNIT}), "完成答复"),
    },
    A.OBJECTING: {
        A.HANDLING: Step("proposals.assignment.objection_refused", frozenset({STAFF}), "不同意改办"),
        A.WITHDRAWN: Step("proposals.assignment.objection_accepted", frozenset({STAFF}), "同意改办"),
    },
    A.REPLIED: {
        A.HANDLING: Step("proposals.assignment.rehandling", frozenset({STAFF}), "重新办理"),
    },
}

R = Reply.State
REPLY_TABLE: dict[str, dict[str, Step]] = {
    R.DRAFT: {
        R.COSIGNING: Step("proposals.reply.cosign_requested", frozenset({UNIT}), "提交会签"),
        R.REVIEWING: Step("proposals.reply.submitted", frozenset({UNIT}), "提交审核"),
    },
    R.COSIGNING: {
        R.REVIEWING: Step("proposals.reply.cosigned", frozenset({CO_UNIT}), "会签"),
        R.DRAFT: Step("proposals.reply.recalled", frozenset({UNIT}), "撤回修改"),
    },
    R.REVIEWING: {
        R.RETURNED: Step("proposals.reply.returned", frozenset({STAFF}), "退回"),
        R.APPROVED: Step("proposals.reply.approved", frozenset({STAFF}), "审核通过"),
    },
    R.RETURNED: {
        R.COSIGNING: Step("proposals.reply.cosign_requested", frozenset({UNIT}), "提交会签"),
        R.REVIEWING: Step("proposals.reply.submitted", frozenset({UNIT}), "提交审核"),
    },
}

LABELS = dict(P.choices)
ASSIGNMENT_LABELS = dict(A.choices)
REPLY_LABELS = dict(R.choices)

# States from which a proposer may still withdraw (before filing).
WITHDRAWABLE = frozenset(state for state, steps in TABLE.items() if P.WITHDRAWN in steps)

"""The states of a member's activity report (ActivityReport.state) and who may move it.

submitted ──approve (staff)──► approved (scores: a ledger entry with the report as source)
submitted ──return (staff, with a comment)──► returned ──resubmit (the member, after editing)──► submitted
submitted / returned ──withdraw (the member)──► withdrawn
"""

from __future__ import annotations

from zhengxie.lib.workflow import Step, Table
from zhengxie.org.roles import Role

from .models import ActivityReport

S = ActivityReport.State
STAFF = frozenset({Role.ACTIVITY_STAFF})
MEMBER = frozenset({Role.MEMBER})

TABLE: Table = {
    S.SUBMITTED: {
        S.APPROVED: Step("duty.report.approved", STAFF, "通过"),
        S.RETURNED: Step("duty.report.returned", STAFF, "退回修改"),
        S.WITHDRAWN: Step("duty.report.withdrawn", MEMBER, "撤回"),
    },
    S.RETURNED: {
        S.SUBMITTED: Step("duty.report.resubmitted", MEMBER, "重新提交"),
        S.WITHDRAWN: Step("duty.report.withdrawn", MEMBER, "撤回"),
    },
}
LABELS = dict(S.choices)

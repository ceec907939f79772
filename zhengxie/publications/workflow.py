"""An issue is edited as a draft and sent (numbered) by activity staff; a sent issue is final."""

from __future__ import annotations

from zhengxie.lib.workflow import Step as S
from zhengxie.org.roles import Role

from .models import Issue

STAFF = frozenset({Role.ACTIVITY_STAFF})
I = Issue.State  # noqa: E741

ISSUE_TABLE: dict[str, dict[str, S]] = {
    I.DRAFT: {I.SENT: S("publications.issue.sent", STAFF, "编号报送")},
}
ISSUE_LABELS = dict(I.choices)

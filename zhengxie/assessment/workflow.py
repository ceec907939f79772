"""An assessment's workflow: raters score while it is open; staff close the rating, may reopen it
before publishing, and publish the results to the subjects (which opens the objection window)."""

from __future__ import annotations

from zhengxie.lib.workflow import Step

from .models import Assessment
from .permissions import MANAGE_ROLES

S = Assessment.State
_staff = frozenset(MANAGE_ROLES)

TABLE: dict[str, dict[str, Step]] = {
    S.RATING: {S.CLOSED: Step("assessment.assessment.closed", _staff, "结束评议")},
    S.CLOSED: {
        S.RATING: Step("assessment.assessment.reopened", _staff, "重新开放评议"),
        S.PUBLISHED: Step("assessment.assessment.published", _staff, "公布结果"),
    },
}

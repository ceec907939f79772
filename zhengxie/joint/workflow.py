"""The answer to an invitation to co-organise from outside the committee tree: the invited
committee's activity staff accept or decline it (a leader may too)."""

from __future__ import annotations

from zhengxie.lib.workflow import Step as S
from zhengxie.org.roles import Role

from .models import CoOrganiser

C = CoOrganiser.State
OFFICE = frozenset({Role.ACTIVITY_STAFF, Role.LEADER})

CO_ORGANISER_TABLE: dict[str, dict[str, S]] = {
    C.INVITED: {
        C.ACCEPTED: S("joint.co_organiser.accepted", OFFICE, "同意联办"),
        C.DECLINED: S("joint.co_organiser.declined", OFFICE, "谢绝联办"),
    },
}
CO_ORGANISER_LABELS = dict(C.choices)

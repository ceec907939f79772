"""The information item's workflow (domain.md §2.5): the author submits (through the unit's
liaison officer for the unit channel); the information centre accepts, returns, archives or
merges; edits; asks the responsible leader to sign; publishes in an issue or forwards to a
department; reports to recipients (reports and adoptions are rows of their own).

Pseudo-roles: AUTHOR is whoever wrote the item (its creator); LIAISON is the liaison officer of
the item's participating unit (see permissions.actor_roles).
"""

from __future__ import annotations

from zhengxie.lib.workflow import Step
from zhengxie.org.roles import Role

from .models import Opinion

S = Opinion.State
AUTHOR = "opinion_author"
LIAISON = "opinion_liaison"
INFO = Role.INFO_STAFF.value
LEADER = Role.LEADER.value

_archive = Step("opinions.opinion.archived", frozenset({INFO}), "不予编发（存档）")
_merge = Step("opinions.opinion.merged", frozenset({INFO}), "合并")

TABLE: dict[str, dict[str, Step]] = {
    S.DRAFT: {
        S.RECEIVED: Step("opinions.opinion.submitted", frozenset({AUTHOR}), "报送"),
        S.UNIT_REVIEW: Step("opinions.opinion.submitted", frozenset({AUTHOR}), "报送本单位审核"),
    },
    S.UNIT_REVIEW: {
        S.RECEIVED: Step("opinions.opinion.unit_forwarded", frozenset({LIAISON}), "审核通过，报政协"),
        S.RETURNED: Step("opinions.opinion.returned", frozenset({LIAISON}), "退回修改"),
    },
    S.RETURNED: {
        S.RECEIVED: Step("opinions.opinion.resubmitted", frozenset({AUTHOR}), "修改后重新报送"),
        S.UNIT_REVIEW: Step("opinions.opinion.resubmitted", frozenset({AUTHOR}), "修改后重新报送"),
    },
    S.RECEIVED: {
        S.EDITING: Step("opinions.opinion.accepted", frozenset({INFO}), "受理"),
        S.RETURNED: Step("opinions.opinion.returned", frozenset({INFO}), "退回修改"),
        S.ARCHIVED: _archive,
        S.MERGED: _merge,
    },
    S.EDITING: {
        S.SIGNOFF: Step("opinions.opinion.signoff_requested", frozenset({INFO}), "送领导签发"),
        S.ARCHIVED: _archive,
        S.MERGED: _merge,
    },
    S.SIGNOFF: {
        S.SIGNED: Step("opinions.opinion.signed", frozenset({LEADER}), "签发"),
        S.EDITING: Step("opinions.opinion.signoff_returned", frozenset({LEADER}), "退回修改"),
    },
    S.SIGNED: {
        S.ISSUED: Step("opinions.opinion.issued", frozenset({INFO}), "编发或转送"),
    },
    S.ISSUED: {
        S.REPORTED: Step("opinions.opinion.reported", frozenset({INFO}), "报送"),
    },
}

LABELS = dict(S.choices)

"""The speech's workflow (大会发言): a member submits; activity staff return it for revision or
decide (oral, written, not selected); the author resubmits a returned speech or withdraws one not
yet decided; an oral speech is marked delivered after the plenary (or moved to written)."""

from __future__ import annotations

from zhengxie.lib.workflow import Step as S
from zhengxie.org.roles import Role

from .models import Speech

STAFF = frozenset({Role.ACTIVITY_STAFF})
# The speech's own submitter (not a role of the committee): the services pass it for the author.
AUTHOR = frozenset({"author"})
T = Speech.State

SPEECH_TABLE: dict[str, dict[str, S]] = {
    T.SUBMITTED: {
        T.RETURNED: S("plenary.speech.returned", STAFF, "退回修改"),
        T.ORAL: S("plenary.speech.oral", STAFF, "选为大会口头发言"),
        T.WRITTEN: S("plenary.speech.written", STAFF, "采用为书面发言"),
        T.NOT_SELECTED: S("plenary.speech.not_selected", STAFF, "不予采用"),
        T.WITHDRAWN: S("plenary.speech.withdrawn", AUTHOR, "撤回"),
    },
    T.RETURNED: {
        T.SUBMITTED: S("plenary.speech.resubmitted", AUTHOR, "修改后重新提交"),
        T.WITHDRAWN: S("plenary.speech.withdrawn", AUTHOR, "撤回"),
    },
    T.ORAL: {
        T.DELIVERED: S("plenary.speech.delivered", STAFF, "登记已大会发言"),
        T.WRITTEN: S("plenary.speech.written", STAFF, "改为书面发言"),
    },
}
SPEECH_LABELS = dict(T.choices)
# Decisions staff take from the review page (the "decide" form's choices).
DECISIONS = {T.RETURNED, T.ORAL, T.WRITTEN, T.NOT_SELECTED}

"""Every write of assessment: schemes and their versions (schemes.py); assessments with their
subjects, raters, ratings, automatic and evidence scores, totals and publication (rounds.py);
objections (objections.py); third-party rating of consultations (consultation_reviews.py).
The names are re-exported here, so callers write `services.task_submit(...)`."""

from .common import notify_user, rank_subjects
from .consultation_reviews import consultation_review_invite, consultation_review_submit
from .objections import objection_decide, objection_raise
from .offices import office_add, office_update
from .rounds import (
    GROUP_ROLES,
    _require_open,
    assessment_close,
    assessment_open,
    assessment_publish,
    assessment_reopen,
    compute_automatic,
    evidence_score,
    group_users,
    proposer_pairs,
    rated_indicators,
    raters_assign,
    raters_remind,
    subject_accounts,
    task_submit,
)
from .schemes import (
    group_delete,
    indicator_delete,
    indicator_save,
    scheme_in_use,
    scheme_update,
    schemes_create_defaults,
)

__all__ = [
    "GROUP_ROLES",
    "_require_open",
    "assessment_close",
    "assessment_open",
    "assessment_publish",
    "assessment_reopen",
    "compute_automatic",
    "consultation_review_invite",
    "consultation_review_submit",
    "evidence_score",
    "group_delete",
    "group_users",
    "indicator_delete",
    "indicator_save",
    "notify_user",
    "objection_decide",
    "objection_raise",
    "office_add",
    "office_update",
    "proposer_pairs",
    "rank_subjects",
    "rated_indicators",
    "raters_assign",
    "raters_remind",
    "scheme_in_use",
    "scheme_update",
    "schemes_create_defaults",
    "subject_accounts",
    "task_submit",
]

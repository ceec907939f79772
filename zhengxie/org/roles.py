"""Roles are held per committee. Plain strings so that lower layers can name them too."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    MEMBER = "member", "委员"
    PROPOSAL_STAFF = "proposal_staff", "提案工作人员"
    INFO_STAFF = "info_staff", "信息工作人员"
    SUPERVISION_STAFF = "supervision_staff", "督查督办工作人员"
    ACTIVITY_STAFF = "activity_staff", "会议活动工作人员"
    UNIT_CLERK = "unit_clerk", "承办单位经办人"
    UNIT_LEADER = "unit_leader", "承办单位负责人"
    LEADER = "leader", "领导"
    # A township activity group's convener (乡镇政协活动小组召集人): works only on the group's
    # grassroots platforms (grassroots app), which the office assigns.
    CONVENER = "convener", "乡镇活动召集人"
    # A participating unit's liaison (党派团体联络人): works for one democratic party or people's
    # organisation of the committee (the assignment names it) on the joint activities it
    # co-organises, inviting its own members (joint app).
    UNIT_LIAISON = "unit_liaison", "党派团体联络人"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "审计管理员"
    # A third party's rater-only account (第三方评议员): rates what it is assigned and sees nothing
    # else of the platform (accounts.middleware.RaterOnlyMiddleware).
    EXTERNAL_RATER = "external_rater", "第三方评议员"


# Roles held for one handling unit (the assignment names the unit).
UNIT_ROLES = frozenset({Role.UNIT_CLERK, Role.UNIT_LEADER})
# 三员分立: an administrator holds exactly one administrator role and no business role.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
STAFF_ROLES = frozenset(
    {Role.PROPOSAL_STAFF, Role.INFO_STAFF, Role.SUPERVISION_STAFF, Role.ACTIVITY_STAFF, Role.LEADER}
)
# Roles that must use a second factor when ZHENGXIE_REQUIRE_2FA is on.
TWO_FACTOR_ROLES = STAFF_ROLES | ADMIN_ROLES
# Who may read the member directory of a committee (masked personal data).
DIRECTORY_ROLES = STAFF_ROLES | {Role.SYSADMIN}

"""Chinese names of the organisation's audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "committee.created": "创建政协",
        "term.created": "新建届次",
        "session.created": "新建会议次数",
        "sector.created": "新建界别",
        "special_committee.created": "新建专门委员会",
        "participating_unit.created": "新建参加单位",
        "participating_unit.sector_set": "设置参加单位对应界别",
        "handling_unit.created": "新建承办单位",
        "handling_unit.updated": "修改承办单位",
        "unit_contact.created": "新增承办单位联系人",
        "person.created": "新建人员",
        "person.updated": "修改人员信息",
        "person.phone_viewed": "查看完整手机号",
        "person.id_number_viewed": "查看完整身份证号",
        "member.created": "新增委员",
        "member.updated": "修改委员信息",
        "role.granted": "授予角色",
        "role.revoked": "撤销角色",
        "calendar.days_set": "录入节假日安排",
        "calendar.day_deleted": "删除节假日安排",
        "import.members": "导入委员",
        "lib.job.retried": "重新执行后台任务",
        "import.units": "导入承办单位",
        "demo.loaded": "加载演示数据",
    },
    group="组织机构",
)
register_kind("org.committee", "政协")
register_kind("org.term", "届次")
register_kind("org.session", "会议")
register_kind("org.sector", "界别")
register_kind("org.specialcommittee", "专门委员会")
register_kind("org.participatingunit", "参加单位")
register_kind("org.handlingunit", "承办单位")
register_kind("org.unitcontact", "承办单位联系人")
register_kind("org.person", "人员")
register_kind(
    "org.member",
    "委员",
    url=lambda m: reverse("org:member_detail", args=[m.pk]),
    staff_only=True,
    related=("person",),
)
register_kind(
    "org.roleassignment",
    "角色",
    title=lambda r: f"{r.user}（{r.get_role_display()}）",
    related=("user",),
)
register_kind("lib.calendarday", "节假日安排")

"""Demo micro-suggestions and member studios (settings.DEMO_LOADERS), through the services like
real use: in 青州市 the member demo_member has suggestions waiting to be screened, being handled by
市住房和城乡建设局 (whose clerk is demo_unit), answered and waiting to be rated, and rated; one
suggestion is overdue. The public column has the campaign "我为青州发展献一策" with a resident's
contribution published and answered and one waiting for moderation. A studio with demo_member and two colleagues has receptions solved on the
spot, passed on as a micro-suggestion and still open."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.org.models import Committee, HandlingUnit, Member, Sector

from .models import MicroSuggestion
from .services import campaigns as campaign_services
from .services import micro as micro_services
from .services import studios as studio_services

CITY = "DEMO-01"

SUGGESTIONS = (
    (
        "幸福路人行道井盖破损",
        "幸福路与人民路交叉口东侧人行道井盖破损下陷，夜间行人易绊倒，建议尽快更换并加装警示标志。",
        "城东街道幸福路与人民路交叉口",
        "城乡建设",
        "submitted",
    ),
    (
        "老旧小区加装电梯审批慢",
        "和平里小区多栋楼居民已签字同意加装电梯，但审批材料多、跑的部门多，建议推行一窗受理、并联审批。",
        "城西街道和平里小区",
        "城乡建设",
        "routed",
    ),
    (
        "学校门口早高峰拥堵",
        "实验小学门口早高峰接送车辆乱停，建议划定临时停车区，安排交警和志愿者疏导。",
        "实验小学南门",
        "交通出行",
        "answered",
    ),
    (
        "公园公厕夜间关闭",
        "滨江公园公厕晚上八点即关闭，夜间散步群众如厕不便，建议延长开放时间至二十二时。",
        "滨江公园北入口",
        "社会治理",
        "rated",
    ),
)


def load() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
    city = Committee.objects.get(code=CITY)
    member_user, office, unit_clerk = users["demo_member"], users["demo_proposal_staff"], users["demo_unit"]
    unit = HandlingUnit.objects.get(committee=city, name="市住房和城乡建设局")
    made: list[MicroSuggestion] = []
    for title, body, place, topic, state in SUGGESTIONS:
        micro = micro_services.micro_submit(
            committee_id=city.pk,
            by=member_user,
            data=micro_services.MicroData(title=title, body=body, place=place, topic=topic),
        )
        if state != "submitted":
            micro_services.micro_route(micro=micro, by=office, unit=unit, note="请核实后答复委员")
        if state in ("answered", "rated"):
            micro_services.micro_answer(
                micro=micro,
                by=unit_clerk,
                answer="经现场核查，情况属实。我局已会同属地街道制定整改方案，将于本月内完成。",
            )
        if state == "rated":
            micro_services.micro_rate(micro=micro, by=member_user, rating="satisfied", comment="办理及时")
        made.append(micro)
    # The one being handled has passed its answer date (as if routed weeks ago).
    MicroSuggestion.objects.filter(pk=made[1].pk).update(
        answer_due_on=timezone.localdate() - timedelta(days=2)
    )

    author = Member.objects.get(committee=city, person__user=member_user)
    mates = list(
        Member.objects.filter(committee=city, is_active=True).exclude(pk=author.pk).order_by("id")[:2]
    )
    studio = studio_services.studio_save(
        committee_id=city.pk,
        by=users["demo_activity_staff"],
        data=studio_services.StudioData(
            name="城东街道政协委员工作室",
            place="城东街道党群服务中心二楼",
            opening="每周三上午、每月10日全天",
            serves="幸福社区、和平社区、东关村",
            sectors=list(Sector.objects.filter(committee=city).order_by("order")[:2]),
            members=[author, *mates],
        ),
    )
    today = timezone.localdate()
    studio_services.reception_record(
        studio=studio,
        by=member_user,
        data=studio_services.ReceptionData(
            received_on=today - timedelta(days=7),
            problem="小区门口路灯损坏一个多月无人维修。",
            action="当场联系街道城管科，已安排次日维修。",
            visitor_name="张秀英",
            visitor_phone="13912345678",
            solved=True,
        ),
    )
    passed = studio_services.reception_record(
        studio=studio,
        by=member_user,
        data=studio_services.ReceptionData(
            received_on=today - timedelta(days=3),
            problem="东关村村道雨后积水严重，学生上学绕行。",
            visitor_kind="resident",
            visitor_name="刘建军",
            visitor_phone="13787654321",
        ),
    )
    studio_services.reception_to_micro(
        reception=passed, by=member_user, title="东关村村道积水", place="东关村村委会门前", topic="农业农村"
    )
    studio_services.reception_record(
        studio=studio,
        by=member_user,
        data=studio_services.ReceptionData(
            received_on=today,
            problem="企业反映招工难，希望政府搭建用工对接平台。",
            visitor_kind="enterprise",
            visitor_name="王磊（东方机械公司）",
        ),
    )

    campaign = campaign_services.campaign_open(
        committee_id=city.pk,
        by=office,
        data=campaign_services.CampaignData(
            title="我为青州发展献一策",
            description="围绕城市更新、营商环境、民生保障，诚邀社会各界建言献策。",
            audience="public",
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=20),
        ),
    )
    answered = campaign_services.contribute_as_resident(
        campaign=campaign,
        name="陈晓梅",
        phone="13698765432",
        body="建议在老城区增设口袋公园，方便老人和孩子就近休闲。",
    )
    campaign_services.contribution_moderate(contribution=answered, by=office, publish=True)
    campaign_services.contribution_reply(
        contribution=answered,
        by=office,
        text="感谢您的建议，已转市住房和城乡建设局研究，并列入委员视察选题。",
    )
    campaign_services.contribute_as_resident(
        campaign=campaign, name="赵强", phone="13501234567", body="建议延长市民中心周末办事时间。"
    )
    campaign_services.contribute_as_member(
        campaign=campaign, by=member_user, body="建议把城市更新与历史街区保护结合起来，留住城市记忆。"
    )

"""Last year's proposal records behind the demo's finished handling-unit assessment: a small set
of proposals of the demo city, handled by four units (UNITS) and rated by their proposers, so that the assessment's automatic indicators are
computed from records like any other year's.

Everything goes through the proposals services, with the clock moved back to the day each step
happened (time_machine), so that years, deadlines, reply dates and rating periods are the services'
own. Two replies come after their deadline, two proposals had no contact, one B reply's 提案回头看
was sent back and some ratings are 基本满意/不满意: the drill-downs have something to show."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengxie.org import services as org
from zhengxie.org.demo import DEMO_PASSWORD
from zhengxie.org.models import Committee, HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.proposals.demo import REPLY_TEXT, Demo, co_of, fresh, fresh_assignment, fresh_reply, lead_of
from zhengxie.proposals.models import Assignment, HandlingMode, Proposal
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import evaluation, replies
from zhengxie.proposals.services.followup import FOLLOWUP_CATEGORY
from zhengxie.supervision.models import Item
from zhengxie.supervision.selectors import items_for_source
from zhengxie.supervision.services import items as supervision

# (title, situation, analysis, suggestion, category) — last year's topics, not this year's.
TOPICS = (
    ("关于推进老旧小区改造长效管理的建议", "已改造小区部分设施缺乏维护，改造成效难以保持。", "改造后管理主体不明确，维护资金没有来源。", "一、明确改造后管理主体；二、建立维修资金归集机制；三、引入专业物业服务。", "社会建设"),
    ("关于规范建筑工地扬尘治理的建议", "城区在建工地扬尘投诉较多。", "监管力量不足，在线监测覆盖不全。", "一、推广扬尘在线监测；二、落实六个百分之百；三、建立信用惩戒。", "生态文明建设"),
    ("关于加快保障性租赁住房建设的建议", "新市民、青年人租房难、租房贵。", "房源筹集渠道单一，配套设施不完善。", "一、盘活存量房源；二、支持企业自建宿舍；三、完善周边配套。", "经济建设"),
    ("关于加强城区学校周边环境治理的建议", "部分学校周边占道经营、交通拥堵。", "多部门管理，协同机制不健全。", "一、建立联合执法机制；二、设置接送区；三、开展护校行动。", "社会建设"),
    ("关于推进县域义务教育优质均衡的建议", "城乡学校办学条件和师资差距仍然明显。", "教师交流轮岗机制落实不到位。", "一、推进集团化办学；二、落实教师交流轮岗；三、加大农村学校投入。", "文化建设"),
    ("关于加强中小学心理健康教育的建议", "学生心理问题呈上升趋势。", "专职心理教师配备不足。", "一、配齐心理教师；二、建立家校协同机制；三、开展心理普查。", "文化建设"),
    ("关于推进紧密型医共体建设的建议", "基层医疗机构服务能力偏弱，群众看病仍往城里跑。", "医共体内人员、资金统筹不够。", "一、统一医共体人财物管理；二、推动专家下沉；三、完善医保打包支付。", "社会建设"),
    ("关于加强家庭医生签约服务的建议", "家庭医生签约后服务内容少，群众获得感不强。", "家庭医生数量不足，激励机制不健全。", "一、扩充家庭医生队伍；二、丰富签约服务包；三、完善考核激励。", "社会建设"),
    ("关于优化城区公交线网的建议", "部分新建小区公交覆盖不足，换乘不便。", "线网调整滞后于城市发展。", "一、开展公交线网评估；二、开通社区微循环线路；三、优化站点设置。", "社会建设"),
    ("关于加强农村公路养护的建议", "部分农村公路破损后修复不及时。", "养护资金不足，管养责任落实不到位。", "一、落实养护资金；二、推行路长制；三、引入市场化养护。", "经济建设"),
)  # fmt: skip


@dataclass(frozen=True)
class Plan:
    unit: str  # the lead unit, a key of UNITS
    co: bool  # 教育局 handles it too (会办)
    contact: bool  # a 办前 contact was recorded
    late: bool  # replied after its deadline
    category: str  # A / B / C reply
    work: str
    result: str


PLANS = (
    Plan("housing", False, True, False, "A", "satisfied", "satisfied"),
    Plan("housing", False, True, False, "B", "satisfied", "basic"),
    Plan("housing", False, False, True, "C", "basic", "dissatisfied"),
    Plan("housing", True, True, False, "A", "satisfied", "satisfied"),
    Plan("edu", False, True, False, "A", "satisfied", "satisfied"),
    Plan("edu", False, False, False, "B", "basic", "basic"),
    Plan("health", False, True, False, "A", "satisfied", "satisfied"),
    Plan("health", False, True, True, "B", "satisfied", "basic"),
    Plan("transport", False, True, False, "A", "satisfied", "satisfied"),
    Plan("transport", False, False, False, "C", "basic", "basic"),
)
# The lead units: name and the clerk who handles their proposals. 市交通运输局's clerk is added here.
UNITS = {
    "housing": ("市住房和城乡建设局", "demo_unit"),
    "edu": ("市教育局", "demo_unit_edu"),
    "health": ("市卫生健康委员会", "demo_unit_health"),
    "transport": ("市交通运输局", "demo_unit_transport"),
}


@contextmanager
def on(day: date) -> Iterator[None]:
    """Run the services as on that working morning."""
    moment = timezone.make_aware(datetime.combine(day, time(9, 30)))
    with time_machine.travel(moment, tick=False):
        yield


def build(city: Committee, year: int) -> None:
    """Last year's proposals, from submission to closing; nothing if the year already has some."""
    if Proposal.objects.filter(committee=city, year=year).exists():
        return
    filed_on = date(year, 3, 20)
    with on(filed_on):
        demo = Demo(city)
        demo.topics = iter(TOPICS)
        units = {k: HandlingUnit.objects.get(committee=city, name=name) for k, (name, _) in UNITS.items()}
        clerks = {k: _clerk(units[k], username) for k, (_, username) in UNITS.items()}
        leads = []
        for plan in PLANS:
            # demo_member2's: demo_member's list (newest first) keeps this year's work on top.
            proposal = demo.filed(by=demo.me2)
            leads.append(_assign(demo, proposal, plan, units[plan.unit], clerks[plan.unit], filed_on))
    replied_on = filed_on + timedelta(days=56)
    # In the order of the days: the on-time replies in May, the late one after its deadline.
    steps = []
    for i, (plan, lead) in enumerate(zip(PLANS, leads, strict=True)):
        day = lead.due_on + timedelta(days=9) if plan.late else replied_on
        steps += [(day, 0, i, plan, lead), (day + timedelta(days=12), 1, i, plan, lead)]
    for day, rate, _, plan, lead in sorted(steps, key=lambda step: step[:3]):
        with on(day):
            if rate:
                _rate_and_close(demo, fresh(lead.proposal), plan)
            else:
                _reply(demo, fresh_assignment(lead), plan, clerks[plan.unit])
    # 提案回头看 in the autumn: the B replies' follow-up items carried out and verified, except
    # 市教育局's, whose report the office sent back for more (still open in the new year).
    with on(date(year, 10, 15)):
        for plan, lead in zip(PLANS, leads, strict=True):
            if plan.category == "B":
                _follow_up(demo, lead.proposal, clerks[plan.unit], verify=plan.unit != "edu")


def _clerk(unit: HandlingUnit, username: str) -> Any:
    """The unit's demo clerk; the one no other loader adds gets an account here."""
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        return user
    user = org.account_create(
        username=username, display_name="赵交通", password=None, by=None, must_change_password=False
    )
    # The same known password as the other demo accounts (org.demo does the same).
    get_user_model().objects.filter(pk=user.pk).update(
        password=make_password(DEMO_PASSWORD), privacy_acknowledged_at=timezone.now()
    )
    org.role_grant(user=user, committee=unit.committee, role=Role.UNIT_CLERK, by=None, handling_unit=unit)
    return user


def _assign(
    demo: Demo, proposal: Proposal, plan: Plan, unit: HandlingUnit, clerk: Any, day: date
) -> Assignment:
    handling.proposal_assign(
        proposal=proposal,
        by=demo.staff,
        mode=HandlingMode.JOINT if plan.co else HandlingMode.LEAD,
        units=[unit],
        co_units=[demo.co_unit] if plan.co else [],
    )
    lead = lead_of(proposal)
    handling.assignment_sign(assignment=lead, by=clerk)
    if plan.co:
        handling.assignment_sign(assignment=co_of(proposal), by=demo.edu_clerk)
        handling.contact_record(
            assignment=co_of(proposal),
            by=demo.edu_clerk,
            stage="before",
            mode="phone",
            on=day,
            participants=proposal.proposer_name,
            notes="电话听取提案者对会办事项的意见。",
        )
    if plan.contact:
        handling.contact_record(
            assignment=lead_of(proposal),
            by=clerk,
            stage="before",
            mode="meeting",
            on=day,
            participants=f"{proposal.proposer_name}、{unit.name}办公室",
            notes="当面听取提案者意见，商定办理方案和时间安排。",
        )
    return lead_of(proposal)


def _reply(demo: Demo, lead: Assignment, plan: Plan, clerk: Any) -> None:
    if plan.co:
        handling.co_opinion_send(
            assignment=co_of(lead.proposal), by=demo.edu_clerk, text="我局同意牵头单位的办理意见。"
        )
    reply = replies.reply_save(
        assignment=fresh_assignment(lead),
        by=clerk,
        data=replies.ReplyData(
            category=plan.category,
            text=REPLY_TEXT[plan.category],
            summary=REPLY_TEXT[plan.category][:40],
            signing_leader="分管副局长",
            contact_name="办公室",
            contact_phone="0571-88886666",
            public_scope="full",
        ),
    )
    reply = replies.reply_submit(reply=fresh_reply(reply), by=clerk)
    if plan.co:  # the 会办 unit co-signs the reply before the office reviews it
        reply = replies.reply_cosign(reply=fresh_reply(reply), by=demo.edu_clerk)
    replies.reply_review(reply=fresh_reply(reply), by=demo.staff, approve=True, public_scope="full")


def _follow_up(demo: Demo, proposal: Proposal, clerk: Any, *, verify: bool) -> None:
    item_id = items_for_source(proposal).get(category=FOLLOWUP_CATEGORY).pk

    def item() -> Item:
        return Item.objects.get(pk=item_id)

    staff = get_user_model().objects.get(username="demo_supervision_staff")
    supervision.item_approve(item=item(), by=demo.leader)
    supervision.item_issue(item=item(), by=staff)
    supervision.item_sign(item=item(), by=clerk)
    supervision.item_report_completion(
        item=item(), by=clerk, text="答复中承诺的事项已列入年度计划并完成，相关文件已印发实施。"
    )
    supervision.item_verify(
        item=item(),
        by=staff,
        accept=verify,
        note="经核实，已落实。" if verify else "落实情况报告过于笼统，请补充具体措施和完成时间。",
    )


def _rate_and_close(demo: Demo, proposal: Proposal, plan: Plan) -> None:
    evaluation.rating_submit(
        proposal=proposal,
        by=demo.me2,
        work=plan.work,
        result=plan.result,
        comment="答复未回应核心建议" if plan.result == "dissatisfied" else "",
    )
    # The office closes each after its rating; the dissatisfied one by decision, with its reason.
    reason = "经研究，所提事项受财力和用地条件限制暂难实施，予以办结" if plan.result == "dissatisfied" else ""
    evaluation.proposal_close(proposal=fresh(proposal), by=demo.staff, reason=reason)

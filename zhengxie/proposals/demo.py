"""Demo proposals for 青州市政协 (settings.DEMO_LOADERS, after supervision and duty): one or more
proposals in every state of the loop, so that each demo account finds work when it logs in —
demo_member a draft, a co-signature to give, a returned proposal and replies to rate;
demo_proposal_staff proposals to review, file, assign, close and objections and extensions to
decide; demo_unit proposals to sign for, handle and reply to; demo_unit_edu (the 会办 unit 市教育局)
a reply to co-sign; demo_leader a key proposal to lead.

Everything goes through the services, like real use, all on today's date: no step needs an
earlier one, and moving some dates back by hand would leave, say, a proposal closed before it
was rated."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengxie.org import services as org
from zhengxie.org.demo import DEMO_PASSWORD
from zhengxie.org.models import Committee, HandlingUnit, Member, Person
from zhengxie.org.roles import Role

from . import config
from .models import Assignment, Destination, HandlingMode, Proposal, ProposerKind, Reply, SuggestedTopic
from .services import assignment as handling
from .services import assist, claims, evaluation, inspections, proofreading, replies, review, topics
from .services import submission as sub
from .services.submission import ProposalData

CITY_CODE = "DEMO-01"
LEAD_UNIT = "市住房和城乡建设局"
CO_UNIT = "市教育局"
# Accounts this loader adds (README lists them): a second member, so that joint proposals have a
# co-signer who can log in, and the clerk of a second unit for 会办 proposals.
MEMBER2 = "demo_member2"
EDU_CLERK = "demo_unit_edu"

# (title, situation, analysis, suggestion, category)
TOPICS = (
    ("关于加快老旧小区加装电梯的建议", "全市有老旧小区住宅楼四千余栋，多数没有电梯。", "审批环节多、居民意见难统一、资金分摊缺少指引。", "一、简化审批；二、出台资金分摊指引；三、设立财政补贴。", "社会建设"),
    ("关于推进城区停车设施建设的建议", "城区机动车保有量五年翻番，停车泊位缺口大。", "规划滞后，公共停车场建设主体单一。", "一、编制停车专项规划；二、鼓励社会资本建设；三、推行错时共享停车。", "社会建设"),
    ("关于加强中小学课后服务的建议", "双职工家庭放学后接送难，课后服务覆盖不均。", "师资不足，经费保障机制不健全。", "一、统筹校内外资源；二、建立经费分担机制；三、引入社会力量。", "文化建设"),
    ("关于治理城区内涝的建议", "近三年汛期城区多处路段积水严重。", "排水管网标准偏低，雨污分流改造滞后。", "一、提高管网建设标准；二、加快雨污分流；三、建设海绵城市设施。", "生态文明建设"),
    ("关于完善社区养老服务的建议", "全市六十岁以上老人占比超过百分之二十。", "社区养老设施少，专业护理人员缺乏。", "一、新建社区养老服务站；二、培养护理人才；三、推广助餐服务。", "社会建设"),
    ("关于优化营商环境的建议", "企业反映部分审批事项办理时间长。", "部门间数据共享不足，重复提交材料。", "一、推行一网通办；二、压缩审批时限；三、建立企业诉求快速响应机制。", "经济建设"),
    ("关于保护青州河生态的建议", "青州河部分河段水质下降。", "沿岸生活污水直排问题仍未根治。", "一、实施截污纳管；二、建设生态缓冲带；三、落实河长制考核。", "生态文明建设"),
    ("关于推进城乡学校结对帮扶的建议", "农村学校师资力量薄弱，优质教育资源不足。", "城乡教师交流机制尚不完善。", "一、建立城乡学校结对制度；二、推行教师轮岗；三、共享线上课程资源。", "文化建设"),
    ("关于规范背街小巷管理的建议", "背街小巷路面破损、乱堆乱放现象普遍。", "管理责任主体不清，长效机制缺失。", "一、明确街道主体责任；二、纳入城市管理考核；三、发动居民共治。", "社会建设"),
    ("关于发展夜间经济的建议", "城区夜间消费场景少，商圈活力不足。", "配套设施和交通保障跟不上。", "一、打造特色夜市街区；二、延长公交运营时间；三、优化夜间管理服务。", "经济建设"),
    ("关于加快充电桩建设的建议", "新能源汽车增长快，居民小区充电难。", "小区电力容量不足，物业配合度低。", "一、将充电设施纳入老旧小区改造；二、电力扩容；三、出台小区建桩指引。", "经济建设"),
    ("关于提升农村人居环境的建议", "部分村庄垃圾、污水处理设施不完善。", "运维资金不足，村民参与度不高。", "一、完善收运体系；二、落实运维经费；三、开展美丽庭院评比。", "生态文明建设"),
    ("关于加强校园周边交通安全的建议", "上下学时段校门口拥堵，存在安全隐患。", "接送车辆无序停放，护学力量不足。", "一、设置临时停车带；二、增设交通信号；三、组织护学志愿服务。", "社会建设"),
    ("关于推广装配式建筑的建议", "建筑工地扬尘、噪声投诉较多。", "装配式建筑成本偏高，产业链不完善。", "一、出台激励政策；二、培育本地构件企业；三、在政府投资项目中先行先试。", "经济建设"),
    ("关于建设城市口袋公园的建议", "老城区居民身边休闲绿地少。", "用地紧张，边角地利用率低。", "一、盘活边角地；二、结合拆违建设口袋公园；三、引导居民参与设计。", "生态文明建设"),
    ("关于完善住房公积金政策的建议", "新市民、青年人购房压力较大。", "灵活就业人员缴存公积金渠道不畅。", "一、扩大缴存覆盖面；二、提高首套房贷款额度；三、支持提取支付房租。", "经济建设"),
    ("关于加强历史街区保护的建议", "部分历史建筑年久失修。", "保护资金不足，活化利用方式单一。", "一、建立保护名录；二、设立专项资金；三、引入文旅业态活化利用。", "文化建设"),
    ("关于推进物业服务规范化的建议", "居民对物业服务投诉逐年增多。", "物业收费与服务质量不匹配，监管手段少。", "一、制定服务标准；二、建立信用评价；三、推动业委会规范运作。", "社会建设"),
    ("关于加快城市更新的建议", "城区存量老旧厂房、街区改造需求大。", "资金平衡难，群众参与机制不健全。", "一、编制城市更新规划；二、创新投融资模式；三、畅通群众参与渠道。", "经济建设"),
    ("关于加快地下管网改造的建议", "城区供水管网漏损率偏高。", "管网建成年代久，改造计划不连续。", "一、摸清管网底数；二、分年度实施改造；三、建设智慧管网监测平台。", "社会建设"),
    ("关于发展托育服务的建议", "婴幼儿托育服务供给不足，收费偏高。", "普惠托育机构少，扶持政策落实不到位。", "一、发展普惠托育；二、支持用人单位办托；三、加强从业人员培训。", "社会建设"),
    ("关于加强农村饮水安全保障的建议", "部分山区村组供水不稳定，枯水期缺水。", "小型供水工程管护主体不明确。", "一、推进城乡供水一体化；二、明确管护责任；三、建立水质定期检测制度。", "社会建设"),
    ("关于促进夜间经济发展的建议", "城区夜间消费场景少，商圈活力不足。", "配套交通、照明和管理服务跟不上。", "一、打造特色夜市街区；二、延长公交运营时间；三、优化夜间经营管理。", "经济建设"),
)  # fmt: skip


def load() -> None:
    committee = Committee.objects.get(code=CITY_CODE)
    # Loading twice must not double the data: a committee that already has proposals is left alone.
    if Proposal.objects.filter(committee=committee).exists():
        return
    Demo(committee).run()


class Demo:
    def __init__(self, committee: Committee) -> None:
        self.city = committee
        users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
        self.me, self.staff = users["demo_member"], users["demo_proposal_staff"]
        self.clerk, self.leader = users["demo_unit"], users["demo_leader"]
        self.lead_unit = HandlingUnit.objects.get(committee=committee, name=LEAD_UNIT)
        self.co_unit = HandlingUnit.objects.get(committee=committee, name=CO_UNIT)
        self.me2 = users.get(MEMBER2) or self._member2()
        self.edu_clerk = users.get(EDU_CLERK) or self._edu_clerk()
        self.me_member = self._member_of(self.me)
        self.me2_member = self._member_of(self.me2)
        self.topics = iter(TOPICS)
        self.rules = config.settings_for(committee.pk)
        self.today = timezone.localdate()

    # --- accounts ---------------------------------------------------------------------------

    def _account(self, username: str, display_name: str, phone: str = "") -> Any:
        user = org.account_create(
            username=username,
            display_name=display_name,
            password=None,
            by=None,
            phone=phone,
            must_change_password=False,
        )
        # The same known password as the other demo accounts (org.demo does the same).
        get_user_model().objects.filter(pk=user.pk).update(
            password=make_password(DEMO_PASSWORD), privacy_acknowledged_at=timezone.now()
        )
        return user

    def _member2(self) -> Any:
        """A city member without an account yet (not demo_member) gets demo_member2."""
        member = (
            Member.objects.filter(committee=self.city, person__user__isnull=True)
            .select_related("person")
            .order_by("id")
            .first()
        )
        assert member is not None
        user = self._account(MEMBER2, member.person.name, member.person.phone)
        org.role_grant(user=user, committee=self.city, role=Role.MEMBER, by=None)
        Person.objects.filter(pk=member.person_id).update(user=user)
        return user

    def _edu_clerk(self) -> Any:
        user = self._account(EDU_CLERK, "林教育")
        org.role_grant(
            user=user, committee=self.city, role=Role.UNIT_CLERK, by=None, handling_unit=self.co_unit
        )
        return user

    def _member_of(self, user: Any) -> Member:
        return Member.objects.select_related("person").get(committee=self.city, person__user=user)

    # --- building blocks --------------------------------------------------------------------

    def data(self, **extra: Any) -> ProposalData:
        title, situation, analysis, suggestion, category = next(self.topics)
        return ProposalData(
            title=title,
            situation=situation,
            analysis=analysis,
            suggestion=suggestion,
            category=category,
            suggested_units=[self.lead_unit],
            **extra,
        )

    def draft(self, by: Any = None, **extra: Any) -> Proposal:
        return sub.proposal_create(committee_id=self.city.pk, by=by or self.me, data=self.data(**extra))

    def submitted(self, by: Any = None, **extra: Any) -> Proposal:
        proposal = self.draft(by, **extra)
        sub.proposal_submit(proposal=proposal, by=by or self.me)
        return fresh(proposal)

    def at_last_stage(self, by: Any = None) -> Proposal:
        proposal = self.submitted(by)
        review.review_pass_stage(proposal=proposal, by=self.staff, comment="格式规范，内容完整")
        return fresh(proposal)

    def filed(self, *, is_key: bool = False, **extra: Any) -> Proposal:
        proposal = self.submitted(**extra)
        if proposal.state == Proposal.State.COSIGNING:  # a joint one: demo_member2 agrees
            sub.cosign_answer(proposal=proposal, by=self.me2, agree=True)
            proposal = fresh(proposal)
        review.review_pass_stage(proposal=proposal, by=self.staff, comment="格式规范，内容完整")
        proposal = fresh(proposal)
        review.proposal_file(
            proposal=proposal,
            by=self.staff,
            category=proposal.category,
            is_key=is_key,
            key_leader=self.leader if is_key else None,
        )
        return fresh(proposal)

    def assigned(self, *, co: bool = False, **extra: Any) -> Proposal:
        proposal = self.filed(**extra)
        handling.proposal_assign(
            proposal=proposal,
            by=self.staff,
            mode=HandlingMode.JOINT if co else HandlingMode.LEAD,
            units=[self.lead_unit],
            co_units=[self.co_unit] if co else [],
        )
        return fresh(proposal)

    def handling(self, *, co: bool = False, **extra: Any) -> Assignment:
        """Assigned, signed for by the demo unit (and the 会办 unit), with a 办前 contact."""
        proposal = self.assigned(co=co, **extra)
        lead = lead_of(proposal)
        handling.assignment_sign(assignment=lead, by=self.clerk)
        if co:
            handling.assignment_sign(assignment=co_of(proposal), by=self.edu_clerk)
        handling.contact_record(
            assignment=lead_of(proposal),
            by=self.clerk,
            stage="before",
            mode="meeting",
            on=self.today,
            participants=f"{proposal.proposer_name}、住建局办公室刘科长",
            notes="当面听取提案者意见，商定办理方案和时间安排。",
        )
        return lead_of(proposal)

    def reply(self, assignment: Assignment, category: str = "A") -> Reply:
        reply = replies.reply_save(
            assignment=assignment,
            by=self.clerk,
            data=replies.ReplyData(
                category=category,
                text=REPLY_TEXT[category],
                summary=REPLY_TEXT[category][:40],
                signing_leader="张局长",
                contact_name="刘科长",
                contact_phone="0571-88886666",
                public_scope="full",
            ),
        )
        return replies.reply_submit(reply=fresh_reply(reply), by=self.clerk)

    def replied(self, category: str = "A", **extra: Any) -> Proposal:
        lead = self.handling(**extra)
        reply = self.reply(lead, category)
        replies.reply_review(reply=fresh_reply(reply), by=self.staff, approve=True, public_scope="full")
        return fresh(lead.proposal)

    # --- every state ------------------------------------------------------------------------

    def run(self) -> None:
        self.draft()  # demo_member's draft
        # demo_member2's joint proposal, waiting for demo_member's co-signature.
        self.submitted(by=self.me2, kind=ProposerKind.JOINT, cosigners=[self.me_member])
        self.submitted()
        self.at_last_stage()  # in the second review stage (复审)
        returned = self.submitted()
        review.review_return(
            proposal=returned, by=self.staff, comment="请补充近三年相关数据，并使建议更具可操作性。"
        )
        sub.proposal_withdraw(proposal=self.submitted(), by=self.me, reason="与其他委员的提案内容重复")
        primary, secondary = self.submitted(by=self.me2), self.submitted()
        review.review_merge(
            primary=primary, secondaries=[secondary], by=self.staff, comment="两件提案内容相近，并案处理"
        )
        reasons = self.rules.reject_reasons
        review.review_not_file(
            proposal=self.at_last_stage(),
            by=self.staff,
            reason=reasons[-1],
            destination=Destination.OPINION,
            comment="反映的情况具体，转为社情民意信息。",
        )
        review.review_not_file(
            proposal=self.at_last_stage(),
            by=self.staff,
            reason=reasons[-1],
            destination=Destination.REFERENCE,
            comment="转有关部门研究参考。",
        )
        awaiting = self.filed()  # awaiting assignment (and proofread, below)
        self.assigned()  # waiting for demo_unit to sign for it

        # In handling with a 办前 contact, a pending extension request and a pending objection.
        busy = self.handling()
        handling.extension_request(
            assignment=busy,
            by=self.clerk,
            new_due_on=busy.due_on + timedelta(days=30),
            reason="涉及多个部门协调，需市政府常务会议研究后答复。",
        )
        handling.objection_raise(
            assignment=fresh_assignment(busy),
            by=self.clerk,
            reason="提案所提事项主要属于城市管理部门职责。",
            suggested_unit="市城市管理局",
        )

        # 会办: the lead's reply waits for 市教育局's co-signature.
        joint = self.handling(co=True)
        handling.co_opinion_send(
            assignment=co_of(joint.proposal), by=self.edu_clerk, text="我局同意牵头单位的办理意见。"
        )
        self.reply(fresh_assignment(joint))

        self.reply(self.handling())  # waiting for staff review
        self.replied()  # waiting for demo_member's rating

        # Rated dissatisfied, and handed back to the unit.
        again = self.replied(category="C")
        evaluation.rating_submit(
            proposal=again, by=self.me, work="basic", result="dissatisfied", comment="答复未回应核心建议"
        )
        evaluation.proposal_rehandle(proposal=fresh(again), by=self.staff, reason="请针对所提建议逐条答复")

        closed = self.replied(kind=ProposerKind.JOINT, cosigners=[self.me2_member])
        evaluation.rating_submit(proposal=closed, by=self.me, work="satisfied", result="satisfied")
        evaluation.rating_submit(proposal=fresh(closed), by=self.me2, work="satisfied", result="satisfied")
        evaluation.proposal_close(proposal=fresh(closed), by=self.staff)
        evaluation.commend_proposal(
            proposal=fresh(closed), by=self.staff, year=self.today.year, note="建议具体可行，办理成效明显"
        )

        self.handling(is_key=True)  # a key proposal led by demo_leader, with its supervision item
        self.replied(category="B")  # a B reply: 提案回头看 item in supervision

        # 校对: the proposal awaiting assignment proofread and confirmed, then a second round
        # waiting for demo_member; demo_member2's commented on its round, for the office to redo.
        proofed = awaiting
        first = proofreading.proof_round_start(
            proposal=proofed,
            by=self.staff,
            texts={"title": proofed.title, "suggestion": proofed.suggestion.replace("。", "；", 1)},
            note="统一标点，规范表述",
        )
        proofreading.proof_round_answer(row=first, by=self.me, confirm=True)
        proofreading.proof_round_start(
            proposal=fresh(proofed),
            by=self.staff,
            texts={"situation": fresh(proofed).situation + "（数据截至去年年底）"},
            note="补充数据时间",
        )
        # 协助审查修改: one request answered, one waiting for the office.
        helped = assist.assist_request(
            committee_id=self.city.pk,
            by=self.me,
            upper_level="省政协十三届三次会议",
            title="关于加强农村公路养护的建议",
            text="全省农村公路养护资金缺口较大，建议省级财政提高补助标准，建立稳定的养护资金渠道。",
        )
        assist.assist_answer(
            row=helped,
            by=self.staff,
            comments="建议补充近三年全省农村公路养护资金的具体数据，建议部分分条表述。",
            edited_text="一、提高省级财政对农村公路养护的补助标准；二、建立稳定的养护资金渠道。",
        )
        assist.assist_request(
            committee_id=self.city.pk,
            by=self.me2,
            upper_level="省政协十三届三次会议",
            title="关于支持县域职业教育发展的建议",
            text="县域职业学校办学条件薄弱，专业设置与产业需求脱节，建议省级统筹支持。",
        )

        # 认领: this year's window is open, and one key proposal waits for a leader to claim it.
        claims.claim_window_set(
            committee_id=self.city.pk,
            by=self.staff,
            year=self.today.year,
            opens_on=self.today,
            closes_on=self.today + timedelta(days=14),
        )
        claims.key_offer(proposal=self.filed(by=self.me2), by=self.staff)
        commented = self.filed(by=self.me2)
        row = proofreading.proof_round_start(
            proposal=commented, by=self.staff, texts={"analysis": commented.analysis + "经调研核实。"}
        )
        proofreading.proof_round_answer(
            row=row, by=self.me2, confirm=False, comment="“经调研核实”不准确，请改为“据走访了解”。"
        )
        self.inspection(busy.proposal)
        self.suggested_topics()

    def inspection(self, proposal: Proposal) -> None:
        """三办督导: this year's joint group; 住建局 has findings to reply to, 教育局 is planned."""
        group = inspections.group_create(
            committee_id=self.city.pk, by=self.staff, year=self.today.year, name="提案办理督导组"
        )
        for name, office, title in (
            ("周文华", "committee", "政协办公室副主任"),
            ("陈立新", "party", "市委督查室主任"),
            ("吴建国", "government", "市政府督查室副主任"),
        ):
            inspections.member_add(group=group, by=self.staff, name=name, office=office, title=title)
        visit = inspections.visit_plan(
            group=group,
            by=self.staff,
            unit_id=self.lead_unit.pk,
            visit_on=self.today - timedelta(days=3),
            proposal_ids=[proposal.pk],
        )
        inspections.findings_record(
            visit=visit,
            by=self.staff,
            findings="办前沟通及时，答复件规范；部分提案落实时限不明确，需加强办后跟踪。",
            rating="fair_good",
            reply_due=self.today + timedelta(days=10),
        )
        inspections.visit_plan(
            group=group, by=self.staff, unit_id=self.co_unit.pk, visit_on=self.today + timedelta(days=7)
        )

    def suggested_topics(self) -> None:
        # 提案选题: a leader's topic and a public one published, demo_member2 took the first up;
        # a third (a leader's) waits for the office to publish it.
        leader_topic = topics.topic_add(
            committee_id=self.city.pk,
            by=self.leader,
            source=SuggestedTopic.Source.LEADER,
            title="推动制造业数字化转型",
            description="围绕中小企业“不敢转、不会转”，提出可操作的扶持措施。",
            category="经济建设",
        )
        topics.topic_add(
            committee_id=self.city.pk,
            by=self.staff,
            source=SuggestedTopic.Source.PUBLIC,
            title="缓解学校周边上下学交通拥堵",
            description="多位家长反映早晚高峰校门口拥堵，存在安全隐患。",
            source_note="网上征集",
        )
        topics.topics_publish(committee_id=self.city.pk, by=self.staff, year=self.today.year)
        leader_topic.refresh_from_db()
        topics.topic_take(topic=leader_topic, by=self.me2)
        topics.topic_add(
            committee_id=self.city.pk,
            by=self.leader,
            source=SuggestedTopic.Source.LEADER,
            title="加强基层医疗卫生人才队伍建设",
            category="社会建设",
        )


REPLY_TEXT = {
    "A": "经研究，我局已会同相关部门简化审批流程，出台操作指引，并安排专项资金，所提问题已基本解决。",
    "B": "您提出的建议很有价值，我局已将其列入明年工作计划，正在制定实施方案，分步推进落实。",
    "C": "经研究，受现有财力和用地条件限制，所提建议暂难全部实施，我局将留作今后工作参考。",
}


def fresh(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_related("proposer__person").get(pk=proposal.pk)


def fresh_reply(reply: Reply) -> Reply:
    return Reply.objects.select_related("assignment__proposal", "assignment__unit", "proposal").get(
        pk=reply.pk
    )


def fresh_assignment(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_related("proposal", "unit").get(pk=assignment.pk)


def lead_of(proposal: Proposal) -> Assignment:
    return Assignment.objects.select_related("proposal", "unit").get(
        proposal=proposal, role=Assignment.Role.LEAD
    )


def co_of(proposal: Proposal) -> Assignment:
    return Assignment.objects.select_related("proposal", "unit").get(
        proposal=proposal, role=Assignment.Role.CO
    )

"""Demo consultations for 青州市政协, so every page has something to show: this year's approved
plan with topics from parties, special committees and members; consultations at every one of the
eight steps (one overdue); activities past and coming with invitations, registrations, a leave
request, sign-ins and absences in the duty ledger; an online deliberation with comments; outcomes
with two leaders' instructions, each followed up in supervision (one accepted, its implementation
fed back), and feedback; ratings; grassroots platforms whose participating members score A04;
a research plan passed in review and a work plan waiting for the leader's review; two cases in
the library (one shared up the tree); standalone research and inspection trips with their
reports (one submitted, one outstanding). The plan has one 专题协商 against the default four, so
the plan and the list show the warning.

Runs through the services, like real use; past activities are created in the past directly
(the services refuse to plan for yesterday) and then closed through the services."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.org.models import Committee, HandlingUnit, Member, ParticipatingUnit, SpecialCommittee
from zhengxie.supervision.models import Item
from zhengxie.supervision.services import items

from . import config
from .models import Activity, Consultation, Step
from .services import activities, cases, deliberation, outcomes, plans, quality, reviews, trips

CITY_CODE = "DEMO-01"

# (title, source kind, form, month offset from now, target step)
TOPICS = (
    ("推进城市更新和老旧小区改造", "party", "专题协商会", -3, Step.ARCHIVED),
    ("优化营商环境、促进民营经济发展", "special", "专题议政性常委会", -2, Step.FEEDBACK),
    ("加快发展县域特色产业", "member", "双周协商座谈会", -1, Step.TRACKING),
    ("提升基层医疗服务能力", "special", "对口协商", -1, Step.OUTCOME),
    ("完善养老服务体系", "party", "界别协商", 0, Step.MEETING),
    ("推进数字政府建设", "special", "网络议政", 1, Step.RESEARCH),
    ("加强生态环境保护", "member", "远程协商", 2, Step.SCHEME),
    ("促进高校毕业生就业", "party", "提案办理协商", 4, Step.TOPIC),
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    users = get_user_model().objects.in_bulk(
        ["demo_activity_staff", "demo_leader", "demo_member"], field_name="username"
    )
    staff, leader, member_user = users["demo_activity_staff"], users["demo_leader"], users["demo_member"]
    rng = random.Random(7)
    today = timezone.localdate()
    me = Member.objects.get(committee=city, person__user=member_user)
    members = list(
        Member.objects.filter(committee=city, is_active=True).select_related("person").order_by("id")
    )
    specials = list(SpecialCommittee.objects.filter(committee=city).order_by("order"))
    parties = list(ParticipatingUnit.objects.filter(committee=city, kind="party"))
    # The unit the demo unit account works for, so it can report on the instructions it is given.
    unit = (
        HandlingUnit.objects.filter(committee=city, clerks__user__username="demo_unit").first()
        or HandlingUnit.objects.filter(committee=city).order_by("id").first()
    )

    plan = plans.plan_create(committee_id=city.pk, year=today.year, by=staff)
    topics = []
    for i, (title, kind, form_name, _offset, _step) in enumerate(TOPICS):
        topic = plans.topic_suggest(
            plan=plan, by=staff, title=title, source_kind=kind, reason="围绕党委政府中心工作和群众关切。",
            party=parties[i % len(parties)] if kind == "party" else None,
            special_committee=specials[i % len(specials)] if kind == "special" else None,
            member=me if kind == "member" else None,
        )  # fmt: skip
        plans.topic_decide(
            topic=topic, by=staff, include=True, form=config.form_named(city.pk, form_name),
            lead=specials[i % len(specials)],
        )  # fmt: skip
        topics.append(topic)
    plans.topic_suggest(plan=plan, by=staff, title="规范网约车管理", source_kind="member", member=members[3])
    plans.plan_submit(plan=plan, by=staff)
    plans.plan_approve(plan=plan, by=leader, note="经市委常委会议审定")
    next_plan = plans.plan_create(committee_id=city.pk, year=today.year + 1, by=staff)
    plans.topic_suggest(
        plan=next_plan,
        by=staff,
        title="推动制造业数字化转型",
        source_kind="special",
        special_committee=specials[0],
    )

    for (_title, _kind, _form, offset, target), topic in zip(TOPICS, topics, strict=True):
        c = Consultation.objects.get(topic=topic)
        meeting_on = today + timedelta(days=30 * offset + (10 if offset >= 0 else 0))
        plans.consultation_schedule(consultation=c, by=staff, meeting_on=meeting_on)
        _walk(c, target, staff, leader, unit, members, me, rng)

    _deliberation(city.pk, staff, members, me)
    _platforms(city.pk, staff, members)
    _quality_gates(city.pk, staff, leader)
    _cases(city.pk, staff)
    _trips(city.pk, staff, members)


def _walk(
    c: Consultation,
    target: str,
    staff: Any,
    leader: Any,
    unit: HandlingUnit | None,
    members: list[Member],
    me: Member,
    rng: random.Random,
) -> None:
    order = [s.value for s in Step]
    held = order.index(target) >= order.index(Step.MEETING)
    participants = [me, *rng.sample(members, 25)]
    if c.meeting_on is not None:
        _meeting(c, staff, participants, past=held and c.meeting_on <= timezone.localdate())
    while c.state != target:
        if c.state == Step.SCHEME:
            plans.document_add(
                consultation=c,
                by=staff,
                kind="scheme",
                title=f"“{c.title}”协商工作方案",
                body="一、协商主题\n二、时间安排\n三、参加人员",
            )
        elif c.state == Step.RESEARCH:
            plans.document_add(
                consultation=c,
                by=staff,
                kind="research",
                title=f"关于{c.title}的调研报告",
                body="一、基本情况\n二、存在问题\n三、意见建议",
            )
        elif c.state == Step.OUTCOME:
            o = outcomes.outcome_create(
                consultation=c, by=staff, kind="special_report", title=f"关于{c.title}的协商专报",
                body="一、协商基本情况\n委员们围绕议题深入协商，形成共识。\n二、主要建议\n建议加大政策支持力度。",
            )  # fmt: skip
            outcomes.outcome_submit(outcome=o, by=staff)
        elif c.state == Step.TRACKING and unit is not None:
            o = c.outcomes.get()
            # Two leaders' instructions, each kept with its own supervision item.
            first = outcomes.outcome_instruction(
                outcome=o, by=staff, instruction="请有关部门认真研究吸收。", instructed_by="市长", lead_unit=unit,
                due_on=timezone.localdate() + timedelta(days=60),
            )  # fmt: skip
            outcomes.outcome_instruction(
                outcome=o, by=staff, instruction="请市财政局统筹安排资金予以保障。", instructed_by="分管副市长",
                lead_unit=unit, due_on=timezone.localdate() + timedelta(days=90),
            )  # fmt: skip
            if target in (Step.FEEDBACK, Step.ARCHIVED) and first.item is not None:
                _implemented(first.item, leader)
        elif c.state == Step.FEEDBACK:
            outcomes.outcome_feedback(
                outcome=c.outcomes.get(),
                by=staff,
                adoption="adopted",
                feedback="市政府已将主要建议纳入年度工作安排。",
            )
        plans.consultation_advance(consultation=c, by=staff)
    if target in (Step.FEEDBACK, Step.ARCHIVED, Step.TRACKING):
        rubric = config.rubric_for(c.committee_id)
        for rater, drop in ((staff, 8), (leader, 12)):
            scores = {
                str(r.pk): str(max(r.max_points - (drop if i == 10 else 1), 0)) for i, r in enumerate(rubric)
            }
            quality.rating_save(consultation=c, by=rater, scores=scores)


def _implemented(item: Item, leader: Any) -> None:
    """Supervision follows the instruction through to acceptance, which feeds the unit's report
    back to the instruction and the participants."""
    users = get_user_model().objects.in_bulk(["demo_supervision_staff", "demo_unit"], field_name="username")
    office, clerk = users["demo_supervision_staff"], users["demo_unit"]
    item = items.item_approve(item=item, by=leader)
    item = items.item_sign(item=items.item_issue(item=item, by=office), by=clerk)
    items.item_report_completion(
        item=item, by=clerk, text="已将协商建议纳入年度重点工作，制定实施方案并落实专项资金，首批项目已开工。"
    )
    items.item_verify(item=item, by=office, accept=True)


def _meeting(c: Consultation, staff: Any, participants: list[Member], *, past: bool) -> None:
    day = c.meeting_on
    assert day is not None  # scheduled by the caller
    kind = Activity.Kind.REMOTE if c.form.name == "远程协商" else Activity.Kind.CONSULTATION
    video_link = "https://meeting.example.gov.cn/room/2026" if kind == Activity.Kind.REMOTE else ""
    if past:
        a = Activity.objects.create(
            committee_id=c.committee_id, consultation=c, kind=kind, title=c.title, starts_at=_at(day, 9),
            ends_at=_at(day, 12), place="市政协三楼会议室", created_by=staff, video_link=video_link,
        )  # fmt: skip
        activities.invite(activity=a, by=staff, members=participants)
        invs = list(a.invitations.select_related("activity__consultation__form", "member").order_by("id"))
        for inv in invs[2:]:
            activities.attendance_set(invitation=inv, by=staff, status="present")
        speaker = next(i for i in invs if i.member_id == participants[0].pk)
        activities.attendance_set(invitation=speaker, by=staff, status="present")
        activities.speech_record(invitation=speaker, by=staff)
        activities.activity_close(activity=a, by=staff)
        return
    a = activities.activity_create(
        committee_id=c.committee_id, by=staff, kind=kind, title=c.title, starts_at=_at(day, 9), ends_at=_at(day, 12),
        place="市政协三楼会议室" if kind != Activity.Kind.REMOTE else "", consultation=c, video_link=video_link,
    )  # fmt: skip
    activities.invite(activity=a, by=staff, members=participants)
    invs = list(a.invitations.select_related("activity", "member__person__user").order_by("id"))
    activities.invitation_register(invitation=invs[1], by=invs[1].member.person.user or staff)
    activities.invitation_ask_leave(
        invitation=invs[2], by=invs[2].member.person.user or staff, reason="参加省里会议"
    )
    # A research trip on the same day and in the same place, so the calendar shows a warning.
    other = activities.activity_create(
        committee_id=c.committee_id, by=staff, kind=Activity.Kind.RESEARCH, title=f"{c.title}专题调研",
        starts_at=_at(day, 14), ends_at=_at(day, 17), place="市政协三楼会议室",
    )  # fmt: skip
    activities.invite(activity=other, by=staff, members=participants[:6])


def _deliberation(committee_id: int, staff: Any, members: list[Member], me: Member) -> None:
    now = timezone.now()
    invited = [me, *members[:20]]
    d = deliberation.deliberation_open(
        committee_id=committee_id, by=staff, title="如何推进数字政府建设", description="请委员们围绕“一网通办”建言。",
        opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=5), members=invited,
        consultation=Consultation.objects.filter(committee_id=committee_id, title="推进数字政府建设").first(),
    )  # fmt: skip
    first = deliberation.comment_post(
        deliberation=d, member=invited[1], by=staff, body="建议整合各部门政务数据，打通数据壁垒。"
    )
    deliberation.comment_post(
        deliberation=d, member=me, by=staff, body="赞同，同时要保护个人信息安全。", parent=first
    )
    deliberation.comment_post(
        deliberation=d, member=invited[2], by=staff, body="基层窗口要保留线下办理渠道，照顾老年人。"
    )
    deliberation.comment_mark_useful(comment=first, by=staff, useful=True)


def _platforms(committee_id: int, staff: Any, members: list[Member]) -> None:
    today = timezone.localdate()
    for township, villages in (("城关街道", ("东关社区", "西关社区")), ("河口镇", ("河口村",))):
        town = quality.platform_create(
            committee_id=committee_id,
            by=staff,
            name=f"{township}“有事好商量”协商议事室",
            level="township",
            township=township,
        )
        quality.platform_activity_record(
            platform=town, by=staff, held_on=today - timedelta(days=20), topic="老旧小区停车难", participants=32,
            problems_solved=3, result="施划停车位120个，错时共享车位40个。", members=members[:3],
        )  # fmt: skip
        for village in villages:
            v = quality.platform_create(
                committee_id=committee_id, by=staff, name=f"{village}协商议事点", level="village", township=township,
                village=village,
            )  # fmt: skip
            act = quality.platform_activity_record(
                platform=v, by=staff, held_on=today - timedelta(days=8), topic="垃圾分类收集点选址", participants=18,
                problems_solved=1, result="确定收集点4处。",
            )  # fmt: skip
            # A member who took part is added afterwards, as staff do when the sign-in sheet arrives.
            quality.platform_activity_members_add(activity=act, by=staff, members=[members[3]])


def _quality_gates(committee_id: int, staff: Any, leader: Any) -> None:
    """The research plan of the consultation in research passed review (开题评审); the work plan
    of the one in 制定方案 waits for the leader (his home page shows it)."""
    research = Consultation.objects.get(committee_id=committee_id, title="推进数字政府建设")
    plans.document_add(
        consultation=research, by=staff, kind="opening", title="“推进数字政府建设”调研开题报告",
        body="一、调研目的\n二、调研对象：市数据局、三个区县政务服务中心\n三、调研方法与时间安排",
    )  # fmt: skip
    (opening,) = reviews.review_request(
        consultation=research, by=staff, kind="opening", reviewer_ids=[leader.pk]
    )
    reviews.review_decide(
        review=opening, by=leader, decision="pass", comment="调研对象全面，同意按计划开展调研。"
    )
    scheme = Consultation.objects.get(committee_id=committee_id, title="加强生态环境保护")
    plans.document_add(
        consultation=scheme, by=staff, kind="scheme", title="“加强生态环境保护”协商工作方案",
        body="一、协商主题\n二、时间安排\n三、参加人员\n四、调研安排",
    )  # fmt: skip
    reviews.review_request(consultation=scheme, by=staff, kind="scheme", reviewer_ids=[leader.pk])


def _cases(committee_id: int, staff: Any) -> None:
    archived = Consultation.objects.get(committee_id=committee_id, title="推进城市更新和老旧小区改造")
    cases.case_select(
        consultation=archived, by=staff, shared=True, title="城市更新“三协同”协商案例",
        summary="民主党派牵头，三次专题调研、两轮座谈，邀请居民代表列席协商会。",
        outcome="形成协商专报一份，提出加快管网改造、完善加装电梯补贴等五条建议。",
        effect="市长批示后纳入年度重点工作，当年完成改造小区48个，惠及居民1.2万户。",
    )  # fmt: skip
    feedback = Consultation.objects.get(committee_id=committee_id, title="优化营商环境、促进民营经济发展")
    cases.case_select(
        consultation=feedback, by=staff, title="营商环境专题议政性常委会案例",
        summary="专委会牵头调研企业120家，常委会议专题协商。",
        outcome="提出涉企审批“一件事一次办”等建议。",
        effect="市政府出台优化营商环境若干措施。",
    )  # fmt: skip


def _trips(committee_id: int, staff: Any, members: list[Member]) -> None:
    """Two standalone trips held last month and this week: the first's report is in, the
    second's is still owed (due a week after the trip)."""
    today = timezone.localdate()
    for days_ago, kind, title, report in (
        (
            30,
            Activity.Kind.INSPECTION,
            "全市农村人居环境整治专项视察",
            "关于全市农村人居环境整治情况的视察报告",
        ),
        (2, Activity.Kind.RESEARCH, "中小学课后服务专题调研", ""),
    ):
        day = today - timedelta(days=days_ago)
        a = Activity.objects.create(
            committee_id=committee_id, kind=kind, title=title, starts_at=_at(day, 9), ends_at=_at(day, 17),
            place="各区县", created_by=staff,
        )  # fmt: skip
        activities.invite(activity=a, by=staff, members=members[5:11])
        for inv in a.invitations.select_related("activity", "member").order_by("id")[:4]:
            activities.attendance_set(invitation=inv, by=staff, status="present")
        activities.activity_close(activity=a, by=staff)
        if report:
            trips.trip_report_submit(
                report=a.trip_report, by=staff, title=report,
                body="一、基本情况\n二、存在问题\n三、意见建议：建立长效管护机制，加大财政投入。",
            )  # fmt: skip

"""The annual plan: topics collected, a draft, approval, one consultation per included topic; then
the eight steps with their documents and working-day deadlines, and overdue steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations import config, selectors
from zhengxie.consultations.models import Consultation, Document, Outcome, Plan, Step, StepRule, Topic
from zhengxie.consultations.services import outcomes, plans
from zhengxie.lib import workdays
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.org.models import Member, ParticipatingUnit

pytestmark = pytest.mark.django_db


def _plan_with_topics(p: Personas) -> Plan:
    plan = plans.plan_create(committee_id=p.city.pk, year=2026, by=p.activity_staff)
    party = ParticipatingUnit.objects.create(committee=p.city, name="民盟市委会", kind="party")
    t1 = plans.topic_suggest(
        plan=plan, by=p.activity_staff, title="推进城市更新", source_kind="party", party=party
    )
    t2 = plans.topic_suggest(
        plan=plan,
        by=p.activity_staff,
        title="发展县域经济",
        source_kind="special",
        special_committee=p.special,
    )
    t3 = plans.topic_suggest(
        plan=plan,
        by=p.member_wang,
        title="老旧小区加装电梯",
        source_kind="member",
        member=p.member_wang_record,
    )
    plans.topic_decide(
        topic=t1, by=p.activity_staff, include=True, form=config.form_named(p.city.pk, "专题协商会"),
        lead=p.special, planned_month=6,
    )  # fmt: skip
    plans.topic_decide(
        topic=t2, by=p.activity_staff, include=True, form=config.form_named(p.city.pk, "双周协商座谈会")
    )
    plans.topic_decide(topic=t3, by=p.activity_staff, include=False)
    return plan


def test_every_committee_gets_the_ten_default_forms_and_a_100_point_rubric(p: Personas) -> None:
    names = [f.name for f in config.forms_for(p.city.pk)]
    assert names[:2] == ["全体会议", "专题议政性常委会"] and "远程协商" in names and len(names) == 10
    assert sum(i.max_points for i in config.rubric_for(p.city.pk)) == 100
    assert config.step_rules(p.city.pk)[Step.SCHEME].days == 15


def test_an_approved_plan_opens_one_consultation_per_included_topic(p: Personas) -> None:
    plan = _plan_with_topics(p)
    plans.plan_submit(plan=plan, by=p.activity_staff)
    created = plans.plan_approve(plan=plan, by=p.leader, note="经市委常委会议审定")
    assert plan.state == Plan.State.APPROVED
    assert sorted(c.title for c in created) == ["发展县域经济", "推进城市更新"]
    first = Consultation.objects.get(title="推进城市更新")
    assert (
        first.form.name == "专题协商会" and first.lead == p.special and first.meeting_on == date(2026, 6, 15)
    )
    assert first.state == Step.TOPIC
    assert AuditEvent.objects.filter(action="consultations.plan.approved").exists()


def test_staff_cannot_approve_the_plan_and_a_collected_plan_takes_no_more_topics_once_submitted(
    p: Personas,
) -> None:
    plan = _plan_with_topics(p)
    plans.plan_submit(plan=plan, by=p.activity_staff)
    with pytest.raises(NotAllowed):
        plans.plan_approve(plan=plan, by=p.activity_staff)
    with pytest.raises(DomainError, match="不再征集"):
        plans.topic_suggest(plan=plan, by=p.activity_staff, title="新议题", source_kind="other")


def test_a_plan_without_included_topics_cannot_be_submitted(p: Personas) -> None:
    plan = plans.plan_create(committee_id=p.city.pk, year=2027, by=p.activity_staff)
    with pytest.raises(DomainError, match="还没有列入"):
        plans.plan_submit(plan=plan, by=p.activity_staff)
    with pytest.raises(DomainError, match="已存在"):
        plans.plan_create(committee_id=p.city.pk, year=2027, by=p.activity_staff)


def test_a_topic_needs_its_proposer_and_nothing_is_stored_otherwise(p: Personas) -> None:
    plan = plans.plan_create(committee_id=p.city.pk, year=2026, by=p.activity_staff)
    with pytest.raises(DomainError, match="请选择提出议题"):
        plans.topic_suggest(plan=plan, by=p.activity_staff, title="议题", source_kind="party")
    with pytest.raises(DomainError, match="请填写议题"):
        plans.topic_suggest(plan=plan, by=p.activity_staff, title="  ", source_kind="other")
    assert not Topic.objects.exists()


def _consultation(p: Personas, meeting_on: date) -> Consultation:
    return plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="推进城市更新",
        form=config.form_named(p.city.pk, "专题协商会"), meeting_on=meeting_on,
    )  # fmt: skip


def test_the_eight_steps_need_their_documents_and_outcomes(p: Personas) -> None:
    meeting_on = timezone.localdate() + timedelta(days=60)
    c = _consultation(p, meeting_on)
    plans.consultation_advance(consultation=c, by=p.activity_staff)  # → 制定方案
    with pytest.raises(DomainError, match="工作方案"):
        plans.consultation_advance(consultation=c, by=p.activity_staff)
    plans.document_add(consultation=c, by=p.activity_staff, kind="scheme", title="工作方案", body="……")
    plans.consultation_advance(consultation=c, by=p.activity_staff)  # → 前期调研
    assert c.state == Step.RESEARCH
    # materials are due 10 working days before the meeting
    assert c.due_on is not None and workdays.working_days_between(c.due_on, meeting_on) == 10
    with pytest.raises(DomainError, match="调研报告"):
        plans.consultation_advance(consultation=c, by=p.activity_staff)
    plans.document_add(consultation=c, by=p.activity_staff, kind="research", title="调研报告", body="……")
    plans.consultation_advance(consultation=c, by=p.activity_staff)  # → 召开会议
    plans.consultation_advance(consultation=c, by=p.activity_staff)  # → 报送成果
    assert c.due_on == workdays.add_working_days(meeting_on, 7)
    with pytest.raises(DomainError, match="报送协商成果"):
        plans.consultation_advance(consultation=c, by=p.activity_staff)
    o = outcomes.outcome_create(
        consultation=c, by=p.activity_staff, kind="recommendation", title="建议案", body="一、……"
    )
    outcomes.outcome_submit(outcome=o, by=p.activity_staff)
    plans.consultation_advance(consultation=c, by=p.activity_staff)  # → 跟踪监督
    plans.consultation_advance(consultation=c, by=p.activity_staff)  # → 反馈结果
    with pytest.raises(DomainError, match="反馈"):
        plans.consultation_advance(consultation=c, by=p.activity_staff)
    outcomes.outcome_feedback(
        outcome=o, by=p.activity_staff, adoption=Outcome.Adoption.ADOPTED, feedback="已采纳"
    )
    plans.consultation_advance(consultation=c, by=p.activity_staff)  # → 形成档案
    assert c.state == Step.ARCHIVED and c.due_on is None
    with pytest.raises(DomainError, match="已归档"):
        plans.consultation_advance(consultation=c, by=p.activity_staff)
    assert AuditEvent.objects.filter(action="consultations.step.archived").count() == 1


def test_a_member_cannot_move_a_consultation_on(p: Personas) -> None:
    c = _consultation(p, timezone.localdate() + timedelta(days=60))
    with pytest.raises(NotAllowed):
        plans.consultation_advance(consultation=c, by=p.member_wang)


def test_a_stalled_step_shows_as_overdue(p: Personas) -> None:
    meeting_on = timezone.localdate() + timedelta(days=40)
    c = _consultation(p, meeting_on)
    plans.consultation_advance(consultation=c, by=p.activity_staff)  # 制定方案: due 15 working days before
    assert not plans.is_overdue(c)
    with time_machine.travel(meeting_on - timedelta(days=5), tick=False):
        assert plans.is_overdue(c)
        assert list(selectors.consultations(p.city.pk, state="overdue")) == [c]


def test_step_deadlines_are_data_per_committee(p: Personas) -> None:
    config.step_rules(p.city.pk)
    StepRule.objects.filter(committee=p.city, step=Step.TOPIC).update(days=20)
    meeting_on = timezone.localdate() + timedelta(days=90)
    c = _consultation(p, meeting_on)
    assert c.due_on is not None and workdays.working_days_between(c.due_on, meeting_on) == 20


def test_a_document_needs_a_title_and_body(p: Personas) -> None:
    c = _consultation(p, timezone.localdate() + timedelta(days=60))
    with pytest.raises(DomainError, match="正文"):
        plans.document_add(consultation=c, by=p.activity_staff, kind="scheme", title="方案", body=" ")
    assert not Document.objects.exists()
    assert Member.objects.count() >= 1


def test_overdue_steps_are_flagged_once_per_step(p: Personas) -> None:
    from zhengxie.consultations import reminders
    from zhengxie.notices.models import Notice

    meeting_on = timezone.localdate() + timedelta(days=120)
    c = _consultation(p, meeting_on)
    assert reminders.flag_overdue_steps() == 0
    with time_machine.travel(meeting_on - timedelta(days=20), tick=False):
        assert reminders.flag_overdue_steps() == 1
        assert reminders.flag_overdue_steps() == 0  # a rerun sends nothing more
    assert (
        Notice.objects.filter(recipient=p.activity_staff, key=f"consultations.overdue.{c.pk}.topic").count()
        == 1
    )


def test_unanswered_invitations_are_reminded_once(p: Personas) -> None:
    from zhengxie.consultations import reminders
    from zhengxie.consultations.models import Activity
    from zhengxie.consultations.services import activities
    from zhengxie.notices.models import Notice

    start = timezone.now() + timedelta(days=1)
    a = activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind=Activity.Kind.TRAINING, title="委员培训",
        starts_at=start, ends_at=start + timedelta(hours=3), place="市委党校",
    )  # fmt: skip
    activities.invite(activity=a, by=p.activity_staff, members=[p.member_wang_record])
    reminders.remind_invited_members()
    reminders.remind_invited_members()
    assert (
        Notice.objects.filter(recipient=p.member_wang, key__startswith="consultations.reply_reminder").count()
        == 1
    )

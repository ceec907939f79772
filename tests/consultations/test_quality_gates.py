"""Quality gates (开题评审, 方案评审, 报告评审 by named reviewers), the yearly minimum of 专题协商,
the reports of standalone inspections and research trips, and the case library (协商案例)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from tests.personas import Personas, _user
from tests.querycount import same_for_few_and_many
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations import config, selectors
from zhengxie.consultations.models import Activity, Case, Consultation, Review, Step, TripReport
from zhengxie.consultations.services import activities, cases, plans, reviews, trips
from zhengxie.consultations.workbench import pending_items
from zhengxie.lib import workdays
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice
from zhengxie.org.roles import Role

pytestmark = pytest.mark.django_db


def _consultation(p: Personas, title: str = "推进城市更新", committee=None, by=None) -> Consultation:
    committee = committee or p.city
    return plans.consultation_create(
        committee_id=committee.pk, by=by or p.activity_staff, title=title,
        form=config.form_named(committee.pk, "专题协商会"), meeting_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip


def _to(c: Consultation, step: str, by) -> Consultation:
    while c.state != step:
        kind = plans.REQUIRED_DOCUMENTS.get(c.state)  # type: ignore[call-overload]
        if kind:
            plans.document_add(consultation=c, by=by, kind=kind[0], title=kind[1], body="正文")
        if c.state == Step.OUTCOME:
            from zhengxie.consultations.services import outcomes

            o = outcomes.outcome_create(
                consultation=c, by=by, kind="recommendation", title="建议案", body="建议"
            )
            outcomes.outcome_submit(outcome=o, by=by)
        c = plans.consultation_advance(consultation=c, by=by)
    return c


# --- reviews ---------------------------------------------------------------------------------


def test_scheme_review_blocks_the_step_until_every_reviewer_passes(client: Client, p: Personas) -> None:
    c = _to(_consultation(p), Step.SCHEME, p.activity_staff)
    with pytest.raises(DomainError, match="请先添加工作方案"):
        reviews.review_request(consultation=c, by=p.activity_staff, kind="scheme", reviewer_ids=[p.leader.pk])
    plans.document_add(consultation=c, by=p.activity_staff, kind="scheme", title="工作方案", body="方案")
    client.force_login(p.activity_staff)
    client.post(
        reverse("consultations:consultation_act", args=[c.pk, "review"]),
        {"kind": "scheme", "reviewers": [p.leader.pk]},
    )
    review = Review.objects.get(consultation=c)
    assert review.reviewer == p.leader and review.decision == ""
    assert Notice.objects.filter(recipient=p.leader, title__contains="方案评审").exists()
    items = {i.label: i for i in pending_items(p.leader, p.city.pk)}
    assert items["待评审的协商开题报告、方案和调研报告"].count == 1
    with pytest.raises(DomainError, match="1位评审人尚未评审"):
        plans.consultation_advance(consultation=c, by=p.activity_staff)
    # The reviewer asks for revision on the page; the staff are told; the step is still held.
    client.force_login(p.leader)
    assert (
        "review-form"
        in client.get(reverse("consultations:consultation_detail", args=[c.pk])).content.decode()
    )
    client.post(
        reverse("consultations:review_decide", args=[review.pk]),
        {"decision": "revise", "comment": "调研点太少"},
    )
    review.refresh_from_db()
    assert review.decision == "revise" and review.comment == "调研点太少"
    assert Notice.objects.filter(recipient=p.activity_staff, title__contains="需修改").exists()
    with pytest.raises(DomainError, match="1位评审人要求修改"):
        plans.consultation_advance(consultation=c, by=p.activity_staff)
    # Sent again: the second round, then passed, and the step moves on.
    reviews.review_request(consultation=c, by=p.activity_staff, kind="scheme", reviewer_ids=[p.leader.pk])
    review.refresh_from_db()
    assert review.round == 2 and review.decision == ""
    reviews.review_decide(review=review, by=p.leader, decision="pass", comment="同意")
    c = plans.consultation_advance(consultation=c, by=p.activity_staff)
    assert c.state == Step.RESEARCH
    actions = set(
        AuditEvent.objects.filter(action__startswith="consultations.review").values_list("action", flat=True)
    )
    assert actions == {"consultations.review.requested", "consultations.review.decided"}


def test_no_research_report_before_the_opening_review_passes(p: Personas) -> None:
    c = _to(_consultation(p), Step.RESEARCH, p.activity_staff)
    plans.document_add(consultation=c, by=p.activity_staff, kind="opening", title="开题报告", body="调研提纲")
    (review,) = reviews.review_request(
        consultation=c, by=p.activity_staff, kind="opening", reviewer_ids=[p.leader.pk]
    )
    with pytest.raises(DomainError, match="开题报告评审通过后"):
        plans.document_add(consultation=c, by=p.activity_staff, kind="research", title="调研报告", body="x")
    reviews.review_decide(review=review, by=p.leader, decision="pass", comment="可以开展调研")
    plans.document_add(consultation=c, by=p.activity_staff, kind="research", title="调研报告", body="x")
    assert pending_items(p.leader, p.city.pk) == [] or all(
        i.label != "待评审的协商开题报告、方案和调研报告" for i in pending_items(p.leader, p.city.pk)
    )


def test_review_refusals_wrong_state_wrong_person_and_bad_input(client: Client, p: Personas) -> None:
    c = _to(_consultation(p), Step.SCHEME, p.activity_staff)
    with pytest.raises(DomainError, match="须在“前期调研”步骤"):
        reviews.review_request(consultation=c, by=p.activity_staff, kind="report", reviewer_ids=[p.leader.pk])
    plans.document_add(consultation=c, by=p.activity_staff, kind="scheme", title="工作方案", body="方案")
    with pytest.raises(DomainError, match="请至少选择一位评审人"):
        reviews.review_request(consultation=c, by=p.activity_staff, kind="scheme", reviewer_ids=[])
    with pytest.raises(DomainError, match="领导或会议活动工作人员"):
        reviews.review_request(
            consultation=c, by=p.activity_staff, kind="scheme", reviewer_ids=[p.member_wang.pk]
        )
    (review,) = reviews.review_request(
        consultation=c, by=p.activity_staff, kind="scheme", reviewer_ids=[p.leader.pk]
    )
    with pytest.raises(DomainError, match="请填写评审意见"):
        reviews.review_decide(review=review, by=p.leader, decision="pass", comment="  ")
    with pytest.raises(DomainError, match="请选择评审结论"):
        reviews.review_decide(review=review, by=p.leader, decision="maybe", comment="好")
    with pytest.raises(DomainError, match="评审人本人"):
        reviews.review_decide(review=review, by=p.activity_staff, decision="pass", comment="好")
    assert Review.objects.get(pk=review.pk).decision == ""
    # Someone else's review, or a member, cannot open the decision: 404.
    client.force_login(p.activity_staff)
    resp = client.post(
        reverse("consultations:review_decide", args=[review.pk]), {"decision": "pass", "comment": "x"}
    )
    assert resp.status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(reverse("consultations:review_list")).status_code == 404
    resp = client.post(
        reverse("consultations:review_decide", args=[review.pk]), {"decision": "pass", "comment": "x"}
    )
    assert resp.status_code == 404
    reviews.review_decide(review=review, by=p.leader, decision="pass", comment="同意")
    with pytest.raises(DomainError, match="该评审已完成"):
        reviews.review_decide(review=review, by=p.leader, decision="revise", comment="再改")


def test_review_list_query_count(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            c = _to(_consultation(p, f"议题{Consultation.objects.count()}"), Step.SCHEME, p.activity_staff)
            plans.document_add(consultation=c, by=p.activity_staff, kind="scheme", title="方案", body="方案")
            reviews.review_request(
                consultation=c, by=p.activity_staff, kind="scheme", reviewer_ids=[p.leader.pk]
            )

    client.force_login(p.leader)
    same_for_few_and_many(client, reverse("consultations:review_list") + "?task=to_review", add, many=8)


# --- the yearly minimum of 专题协商 ------------------------------------------------------------


def test_too_few_special_consultations_warn_on_the_list_and_the_plan(client: Client, p: Personas) -> None:
    year = timezone.localdate().year
    plan = plans.plan_create(committee_id=p.city.pk, year=year, by=p.activity_staff)
    topic = plans.topic_suggest(plan=plan, by=p.activity_staff, title="城市更新", source_kind="other")
    plans.topic_decide(
        topic=topic, by=p.activity_staff, include=True, form=config.form_named(p.city.pk, "专题协商会")
    )
    _consultation(p)  # outside the plan, this year
    assert selectors.special_shortfall(p.city.pk, year) == {"have": 2, "required": 4, "year": year}
    client.force_login(p.activity_staff)
    for url in (reverse("consultations:index"), reverse("consultations:plan_detail", args=[plan.pk])):
        page = client.get(url).content.decode()
        assert "安排专题协商2次，少于本政协“每年专题协商不少于4次”的要求" in page
    client.post(
        reverse("consultations:settings_act", args=["requirement"]),
        {"special_per_year": "2", "trip_report_days": "5"},
    )
    assert config.requirement_for(p.city.pk).special_per_year == 2
    assert selectors.special_shortfall(p.city.pk, year) is None
    assert "special-warning" not in client.get(reverse("consultations:index")).content.decode()


def test_requirement_bad_input_and_wrong_role(client: Client, p: Personas) -> None:
    client.force_login(p.activity_staff)
    resp = client.post(
        reverse("consultations:settings_act", args=["requirement"]),
        {"special_per_year": "多", "trip_report_days": "5"},
        follow=True,
    )
    assert "请填写整数" in resp.content.decode()
    with pytest.raises(DomainError, match="1至60个工作日"):
        from zhengxie.consultations.services import settings as settings_services

        settings_services.requirement_update(
            committee_id=p.city.pk, by=p.activity_staff, special_per_year=4, trip_report_days=0
        )
    assert config.requirement_for(p.city.pk).trip_report_days == 5
    client.force_login(p.leader)
    resp = client.post(reverse("consultations:settings_act", args=["requirement"]), {"special_per_year": "1"})
    assert resp.status_code == 404


# --- reports of standalone trips ---------------------------------------------------------------


def _trip(p: Personas, kind: str = Activity.Kind.RESEARCH) -> Activity:
    now = timezone.now()
    return activities.activity_create(
        committee_id=p.city.pk, by=p.activity_staff, kind=kind, title="乡村振兴专题调研",
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1), place="青州镇",
    )  # fmt: skip


def test_closing_a_standalone_trip_opens_its_report_due_in_working_days(client: Client, p: Personas) -> None:
    trip = _trip(p)
    activities.activity_close(activity=trip, by=p.activity_staff)
    report = TripReport.objects.get(activity=trip)
    ended = timezone.localtime(trip.ends_at).date()
    assert report.due_on == workdays.add_working_days(ended, 5)
    items = {i.label: i for i in pending_items(p.activity_staff, p.city.pk)}
    assert items["待提交的视察调研报告"].count == 1
    client.force_login(p.activity_staff)
    page = client.get(reverse("consultations:trip_report_list") + "?task=trip_reports").content.decode()
    assert "乡村振兴专题调研" in page
    client.post(
        reverse("consultations:trip_report_submit", args=[report.pk]),
        {"title": "乡村振兴调研报告", "body": "建议三条"},
    )
    report.refresh_from_db()
    assert report.submitted_at is not None and report.submitted_by == p.activity_staff
    assert (
        "乡村振兴调研报告"
        in client.get(reverse("consultations:activity_detail", args=[trip.pk])).content.decode()
    )
    with pytest.raises(DomainError, match="该报告已提交"):
        trips.trip_report_submit(report=report, by=p.activity_staff, title="再交", body="x")


def test_a_trip_inside_a_consultation_or_a_meeting_owes_no_report(p: Personas, meeting_now: Activity) -> None:
    activities.activity_close(activity=meeting_now, by=p.activity_staff)
    trip = _trip(p, Activity.Kind.INSPECTION)
    Activity.objects.filter(pk=trip.pk).update(consultation=_consultation(p))
    trip.refresh_from_db()
    activities.activity_close(activity=trip, by=p.activity_staff)
    assert not TripReport.objects.exists()


def test_overdue_trip_reports_are_chased_once(p: Personas) -> None:
    trip = _trip(p)
    activities.activity_close(activity=trip, by=p.activity_staff)
    report = TripReport.objects.get()
    with time_machine.travel(report.due_on + timedelta(days=3)):
        assert trips.flag_overdue() == 1
        assert trips.flag_overdue() == 0
    assert (
        Notice.objects.filter(recipient=p.activity_staff, title__contains="调研视察报告已逾期").count() == 1
    )


def test_trip_report_bad_input_and_wrong_role(client: Client, p: Personas) -> None:
    trip = _trip(p)
    activities.activity_close(activity=trip, by=p.activity_staff)
    report = TripReport.objects.get()
    with pytest.raises(DomainError, match="请填写报告正文"):
        trips.trip_report_submit(report=report, by=p.activity_staff, title="报告", body=" ")
    client.force_login(p.county_b_staff)
    assert (
        client.post(
            reverse("consultations:trip_report_submit", args=[report.pk]), {"title": "x", "body": "y"}
        ).status_code
        == 404
    )
    client.force_login(p.member_wang)
    assert client.get(reverse("consultations:trip_report_list")).status_code == 404
    assert TripReport.objects.get().submitted_at is None


def test_trip_report_list_query_count(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            activities.activity_close(activity=_trip(p), by=p.activity_staff)

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:trip_report_list"), add, many=12)


# --- the case library --------------------------------------------------------------------------

WRITE_UP: dict[str, Any] = {
    "title": "城市更新协商案例",
    "summary": "三次调研，两轮座谈",
    "outcome": "建议案一份",
    "effect": "纳入市政府文件",
}


def test_staff_select_a_finished_consultation_as_a_case_shared_up_the_tree(
    client: Client, p: Personas
) -> None:
    county_staff = _user("county_activity", "甲县活动干部", p.county_a, Role.ACTIVITY_STAFF)
    province_staff = _user("province_activity", "省政协活动干部", p.province, Role.ACTIVITY_STAFF)
    c = _to(_consultation(p, committee=p.county_a, by=county_staff), Step.TRACKING, county_staff)
    client.force_login(county_staff)
    client.post(reverse("consultations:case_select", args=[c.pk]), {**WRITE_UP, "shared": "1"})
    case = Case.objects.get()
    assert case.shared and case.committee == p.county_a
    assert AuditEvent.objects.filter(action="consultations.case.selected").exists()
    # The province reads the shared county case, finds it by its text, and downloads it as Word.
    client.force_login(province_staff)
    page = client.get(reverse("consultations:case_list"), {"q": "纳入市政府文件"}).content.decode()
    assert "城市更新协商案例" in page
    resp = client.get(reverse("consultations:case_docx", args=[case.pk]))
    text = "\n".join(par.text for par in Docx(__import__("io").BytesIO(resp.content)).paragraphs)
    assert "城市更新协商案例" in text and "纳入市政府文件" in text
    assert "修改案例" not in client.get(reverse("consultations:case_detail", args=[case.pk])).content.decode()
    # 乙县 and a member see nothing of it; unshared, the province no longer does either.
    client.force_login(p.activity_staff)  # the city is above 甲县 too
    assert client.get(reverse("consultations:case_detail", args=[case.pk])).status_code == 200
    cases.case_update(case=case, by=county_staff, shared=False, **{k: v for k, v in WRITE_UP.items()})
    for user in (province_staff, p.county_b_staff, p.member_wang):
        client.force_login(user)
        assert client.get(reverse("consultations:case_detail", args=[case.pk])).status_code == 404


def test_case_refusals(client: Client, p: Personas) -> None:
    c = _consultation(p)
    with pytest.raises(DomainError, match="协商成果报送后才能选为案例"):
        cases.case_select(consultation=c, by=p.activity_staff, **WRITE_UP)
    c = _to(c, Step.TRACKING, p.activity_staff)
    with pytest.raises(DomainError, match="请填写成效"):
        cases.case_select(consultation=c, by=p.activity_staff, **{**WRITE_UP, "effect": ""})
    client.force_login(p.activity_staff)
    page = client.post(
        reverse("consultations:case_select", args=[c.pk]), {**WRITE_UP, "summary": ""}
    ).content.decode()
    assert "请填写协商过程" in page and not Case.objects.exists()
    cases.case_select(consultation=c, by=p.activity_staff, **WRITE_UP)
    with pytest.raises(DomainError, match="已选为案例"):
        cases.case_select(consultation=c, by=p.activity_staff, **WRITE_UP)
    client.force_login(p.leader)  # a leader reads but does not select
    assert client.get(reverse("consultations:case_select", args=[c.pk])).status_code == 404


def test_case_list_query_count(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            c = _to(_consultation(p, f"议题{Consultation.objects.count()}"), Step.TRACKING, p.activity_staff)
            cases.case_select(consultation=c, by=p.activity_staff, **WRITE_UP)

    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("consultations:case_list"), add, many=8)

"""The pages of handling: the unit's inbox and assignment page, the staff's assign pages, queues
and reply review, the handling panel of the proposal page, pending work on the home page; access
(404 for other units and other committees) and fixed query counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import Personas, _user
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.proposals import unit_views
from zhengxie.proposals.models import (
    Assignment,
    Contact,
    Extension,
    HandlingMode,
    Objection,
    Proposal,
    Rating,
    Reply,
)
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import replies
from zhengxie.reports.workbench import pending_items

from .helpers import (
    assigned,
    assignment_of,
    filed_proposal,
    fresh,
    fresh_assignment,
    fresh_reply,
    pdf,
    reply_data,
    signed,
    submitted_reply,
    today,
)

A = Assignment.State
INBOX = reverse("proposals:unit_inbox")


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _page(assignment: Assignment) -> str:
    return reverse("proposals:unit_assignment", args=[assignment.pk])


def _act(assignment: Assignment, action: str) -> str:
    return reverse("proposals:unit_act", args=[assignment.pk, action])


def test_the_inbox_shows_buckets_with_counts(client: Client, p: Personas) -> None:
    assigned(p)
    signed(p, title="关于增设社区食堂的建议")
    client.force_login(p.unit_clerk)
    response = client.get(INBOX)
    assert response.status_code == 200
    counts = {key: count for key, _, count in response.context["buckets"]}
    assert counts == {"to_sign": 1, "handling": 1, "replied": 0, "rated": 0}
    assert [a.proposal.title for a in response.context["page"].items] == ["关于加快老旧小区加装电梯的建议"]
    handling_page = client.get(INBOX, {"bucket": "handling"})
    assert [a.proposal.title for a in handling_page.context["page"].items] == ["关于增设社区食堂的建议"]
    assert client.get(INBOX, {"bucket": "nonsense"}).status_code == 404


def test_replied_and_rated_buckets_follow_the_proposers_rating(client: Client, p: Personas) -> None:
    reply = submitted_reply(p, signed(p))
    replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    client.force_login(p.unit_clerk)

    def counts() -> dict[str, int]:
        return {key: count for key, _, count in client.get(INBOX).context["buckets"]}

    assert counts() == {"to_sign": 0, "handling": 0, "replied": 1, "rated": 0}
    Rating.objects.create(
        committee=p.city,
        proposal=reply.proposal,
        round=1,
        member=p.member_wang_record,
        work="satisfied",
        result="satisfied",
        by=p.member_wang,
    )
    assert counts() == {"to_sign": 0, "handling": 0, "replied": 0, "rated": 1}
    body = client.get(INBOX, {"bucket": "rated"}, HTTP_HX_REQUEST="true").content.decode()
    assert body.strip().startswith('<div id="results">') and "<html" not in body
    assert reply.proposal.title in body


def test_the_inbox_is_for_units_only(client: Client, p: Personas) -> None:
    client.force_login(p.proposal_staff)
    assert client.get(INBOX).status_code == 404


def test_a_unit_signs_and_replies_through_its_page(client: Client, p: Personas, media) -> None:
    assignment = assignment_of(assigned(p), p.unit)
    client.force_login(p.unit_clerk)
    body = client.get(_page(assignment)).content.decode()
    assert "签收" in body and "加装电梯审批环节多" in body
    assert "已签收" in _messages(client.post(_act(assignment, "sign"), follow=True))
    assert fresh_assignment(assignment).state == A.HANDLING
    form = {
        "category": "A",
        "text": "经研究，我局已简化加装电梯审批流程，出台资金分摊指引，并设立财政补贴专项资金。",
        "summary": "已简化审批。",
        "signing_leader": "张局长",
        "contact_name": "刘科长",
        "contact_phone": "0571-88886666",
        "public_scope": "full",
        "document": pdf(),
    }
    response = client.post(_act(assignment, "reply_submit"), form, follow=True)
    assert "答复已提交" in _messages(response)
    reply = Reply.objects.get()
    assert reply.state == Reply.State.REVIEWING and reply.document is not None


def test_a_bad_reply_form_shows_its_errors_and_stores_nothing(client: Client, p: Personas) -> None:
    assignment = signed(p)
    client.force_login(p.unit_clerk)
    response = client.post(_act(assignment, "reply_save"), {"category": "A", "text": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not Reply.objects.exists()


def test_refusals_come_back_as_chinese_messages(client: Client, p: Personas) -> None:
    assignment = signed(p)
    client.force_login(p.unit_clerk)
    response = client.post(_act(assignment, "sign"), follow=True)
    assert any("当前状态为“办理中”" in m for m in _messages(response))
    response = client.post(
        _act(assignment, "extension"), {"new_due_on": "不是日期", "reason": "需要协调"}, follow=True
    )
    assert any("申请延至" in m for m in _messages(response))
    assert not Extension.objects.exists()


def test_a_unit_records_a_contact_objects_and_asks_for_an_extension(client: Client, p: Personas) -> None:
    assignment = signed(p)
    client.force_login(p.unit_clerk)
    contact = {
        "stage": "before",
        "mode": "phone",
        "on": today().isoformat(),
        "participants": "王建国",
        "notes": "电话听取提案人意见。",
    }
    assert "沟通情况已记录" in _messages(client.post(_act(assignment, "contact"), contact, follow=True))
    due = fresh_assignment(assignment).due_on
    extension = {"new_due_on": (due + timedelta(days=20)).isoformat(), "reason": "需要跨部门协调资金"}
    assert "延期申请已提交，等待审批" in _messages(
        client.post(_act(assignment, "extension"), extension, follow=True)
    )
    objection = {"reason": "该事项属教育部门职责", "suggested_unit": "市教育局"}
    assert any(
        "改办申请已提交" in m
        for m in _messages(client.post(_act(assignment, "object"), objection, follow=True))
    )
    assert Contact.objects.count() == Extension.objects.count() == Objection.objects.count() == 1


def test_other_units_and_committees_get_404(client: Client, p: Personas, edu_clerk) -> None:
    assignment = signed(p)
    reply = submitted_reply(p, assignment)
    client.force_login(edu_clerk)
    assert client.get(_page(assignment)).status_code == 404
    assert client.post(_act(assignment, "sign")).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(_page(assignment)).status_code == 404
    assert client.get(reverse("proposals:reply_review", args=[reply.pk])).status_code == 404
    assert client.get(reverse("proposals:assign", args=[assignment.proposal_id])).status_code == 404
    for name in ("objection_list", "extension_list", "reply_list", "assign_batch"):
        assert client.get(reverse(f"proposals:{name}")).status_code == 200  # their own, empty
    client.force_login(p.unit_clerk)
    for name in ("objection_list", "extension_list", "reply_list", "assign_batch"):
        assert client.get(reverse(f"proposals:{name}")).status_code == 404
    assert client.get(reverse("proposals:reply_review", args=[reply.pk])).status_code == 404


def test_a_co_unit_cosigns_from_its_own_page(
    client: Client, p: Personas, edu_unit: HandlingUnit, edu_clerk
) -> None:
    proposal = assigned(p, HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit])
    lead = assignment_of(proposal, p.unit)
    handling.assignment_sign(assignment=lead, by=p.unit_clerk)
    reply = submitted_reply(p, fresh_assignment(lead))
    co = assignment_of(proposal, edu_unit)
    client.force_login(edu_clerk)
    body = client.get(_page(co)).content.decode()
    assert "会签主办单位答复" in body and "0571-88886666" not in body
    assert "已会签" in _messages(client.post(_act(co, "cosign"), follow=True))
    assert fresh_reply(reply).state == Reply.State.REVIEWING


def test_staff_assign_one_proposal_from_its_page(client: Client, p: Personas, edu_unit: HandlingUnit) -> None:
    proposal = filed_proposal(p)
    client.force_login(p.proposal_staff)
    url = reverse("proposals:assign", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"mode": "joint", "units": [p.unit.pk]})
    assert response.status_code == 400 and "会办方式请至少选择一个会办单位" in response.content.decode()
    assert fresh(proposal).state == Proposal.State.FILED
    response = client.post(url, {"mode": "joint", "units": [p.unit.pk], "co_units": [edu_unit.pk]})
    assert response.status_code == 302 and fresh(proposal).state == Proposal.State.ASSIGNED


def test_staff_batch_assign_the_ticked_proposals(client: Client, p: Personas) -> None:
    first, second = filed_proposal(p), filed_proposal(p, title="关于增设社区食堂的建议")
    client.force_login(p.proposal_staff)
    page = client.get(reverse("proposals:assign_batch"))
    assert {pr.pk for pr in page.context["page"].items} == {first.pk, second.pk}
    response = client.post(
        reverse("proposals:assign_batch"),
        {"proposals": [first.pk, second.pk], "mode": "lead", "units": [p.unit.pk]},
        follow=True,
    )
    assert "已交办 2 件提案" in _messages(response)
    assert Assignment.objects.count() == 2


def test_staff_decide_objections_and_extensions_from_their_lists(
    client: Client, p: Personas, edu_unit: HandlingUnit
) -> None:
    assignment = signed(p)
    objection = handling.objection_raise(
        assignment=assignment, by=p.unit_clerk, reason="该事项属教育部门职责"
    )
    other = signed(p, title="关于增设社区食堂的建议")
    extension = handling.extension_request(
        assignment=other,
        by=p.unit_clerk,
        new_due_on=other.due_on + timedelta(days=20),
        reason="需要协调资金",
    )
    client.force_login(p.proposal_staff)
    assert "该事项属教育部门职责" in client.get(reverse("proposals:objection_list")).content.decode()
    response = client.post(
        reverse("proposals:objection_decide", args=[objection.pk]),
        {"decision": "accept", "new_unit": edu_unit.pk},
        follow=True,
    )
    assert "已审核" in _messages(response)
    assert assignment_of(assignment.proposal, edu_unit).state == A.PENDING
    response = client.post(
        reverse("proposals:extension_decide", args=[extension.pk]), {"decision": "refuse"}, follow=True
    )
    assert any("请填写审批意见" in m for m in _messages(response))
    client.post(reverse("proposals:extension_decide", args=[extension.pk]), {"decision": "accept"})
    assert fresh_assignment(other).due_on == extension.new_due_on


def test_staff_review_a_reply_on_its_page(client: Client, p: Personas) -> None:
    reply = submitted_reply(p, signed(p))
    client.force_login(p.proposal_staff)
    url = reverse("proposals:reply_review", args=[reply.pk])
    assert "0571-88886666" in client.get(url).content.decode()
    response = client.post(url, {"decision": "return", "public_scope": "full", "comment": ""})
    assert response.status_code == 400 and "退回时请填写审核意见" in response.content.decode()
    response = client.post(url, {"decision": "approve", "public_scope": "summary", "adjusted_category": "B"})
    assert response.status_code == 302
    assert fresh(reply.proposal).state == Proposal.State.REPLIED


def test_the_panel_shows_approved_replies_without_contact_details(p: Personas) -> None:
    reply = submitted_reply(p, signed(p))
    replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    request = RequestFactory().get("/")
    request.user = p.member_wang
    proposal = fresh(reply.proposal)
    context = unit_views.panel(request, proposal)
    assert [r.pk for r in context["handling_replies"]] == [reply.pk]
    html = render_to_string("proposals/_panel_handling.html", {"proposal": proposal, **context})
    assert "简化加装电梯审批流程" in html and "88886666" not in html and "刘科长" not in html


def test_the_panel_hides_replies_under_review_from_the_proposer(p: Personas) -> None:
    reply = submitted_reply(p, signed(p))
    request = RequestFactory().get("/")
    request.user = p.member_wang
    assert unit_views.panel(request, fresh(reply.proposal))["handling_replies"] == []
    request.user = p.proposal_staff
    assert len(unit_views.panel(request, fresh(reply.proposal))["handling_replies"]) == 1


def test_the_home_page_lists_handling_work(p: Personas) -> None:
    assigned(p)
    submitted_reply(p, signed(p, title="关于增设社区食堂的建议"))
    filed_proposal(p, title="关于改善公交线路的建议")
    unit_labels = {i.label: i.count for i in pending_items(p.unit_clerk, p.city.pk)}
    assert unit_labels["待签收的提案"] == 1
    staff_labels = {i.label: i.count for i in pending_items(p.proposal_staff, p.city.pk)}
    assert staff_labels["待交办的提案"] == 1 and staff_labels["待审核的提案答复"] == 1


# --- fixed query counts ----------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm up: the session, the committee's rules
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _same_for_2_and_50(client: Client, url: str, add: Callable[[int], None]) -> int:
    add(2)
    few = _queries(client, url)
    add(48)
    many = _queries(client, url)
    assert few == many, f"{few} queries for 2 rows, {many} for 50"
    return many


@pytest.fixture
def bulk(p: Personas) -> Callable[[str], Callable[[int], None]]:
    """Adds n proposals at one handling step, quickly (straight rows, as a seed would)."""

    def maker(step: str) -> Callable[[int], None]:
        def add(n: int) -> None:
            for _ in range(n):
                proposal = filed_proposal(p, title=f"关于第{Proposal.objects.count()}项工作的建议")
                handling.proposal_assign(proposal=proposal, by=p.proposal_staff, mode="lead", units=[p.unit])
                assignment = assignment_of(proposal, p.unit)
                if step == "to_sign":
                    continue
                handling.assignment_sign(assignment=assignment, by=p.unit_clerk)
                assignment = fresh_assignment(assignment)
                if step == "objection":
                    handling.objection_raise(
                        assignment=assignment, by=p.unit_clerk, reason="该事项属其他部门职责"
                    )
                elif step == "extension":
                    handling.extension_request(
                        assignment=assignment,
                        by=p.unit_clerk,
                        new_due_on=assignment.due_on + timedelta(days=10),
                        reason="需要协调资金",
                    )
                elif step == "reply":
                    submitted_reply(p, assignment)

        return add

    return maker


@pytest.mark.parametrize("bucket", ["to_sign", "handling"])
def test_the_inbox_query_count_does_not_grow(client: Client, p: Personas, bulk, bucket: str) -> None:
    client.force_login(p.unit_clerk)
    step = "to_sign" if bucket == "to_sign" else "signed"
    assert _same_for_2_and_50(client, f"{INBOX}?bucket={bucket}", bulk(step)) <= 12


@pytest.mark.parametrize(
    ("name", "step"),
    [
        ("objection_list", "objection"),
        ("extension_list", "extension"),
        ("reply_list", "reply"),
        ("assign_batch", ""),
    ],
)
def test_the_staff_lists_query_count_does_not_grow(
    client: Client, p: Personas, bulk, name: str, step: str
) -> None:
    client.force_login(p.proposal_staff)

    def filed(n: int) -> None:
        for _ in range(n):
            filed_proposal(p, title=f"关于第{Proposal.objects.count()}项工作的建议")

    add = bulk(step) if step else filed
    assert _same_for_2_and_50(client, reverse(f"proposals:{name}"), add) <= 14


def test_the_assignment_page_query_count_does_not_grow_with_contacts(client: Client, p: Personas) -> None:
    assignment = signed(p)

    def add(n: int) -> None:
        for _ in range(n):
            Contact.objects.create(
                committee=p.city,
                proposal=assignment.proposal,
                assignment=assignment,
                stage="during",
                mode="phone",
                on=today(),
                participants="王建国",
                notes="电话沟通办理进展。",
                recorded_by=p.unit_clerk,
            )

    client.force_login(p.unit_clerk)
    assert _same_for_2_and_50(client, _page(assignment), add) <= 30


def test_a_second_clerk_of_the_unit_sees_the_same_inbox(client: Client, p: Personas) -> None:
    second = _user("clerk2", "住建局经办人二", p.city, Role.UNIT_CLERK, unit=p.unit)
    assigned(p)
    client.force_login(second)
    assert len(client.get(INBOX).context["page"].items) == 1


def test_the_lead_reads_every_co_opinion_on_its_page(
    client: Client, p: Personas, edu_unit: HandlingUnit, edu_clerk
) -> None:
    proposal = assigned(p, HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit])
    co = assignment_of(proposal, edu_unit)
    client.force_login(edu_clerk)
    client.post(_act(co, "sign"))
    response = client.post(
        _act(co, "co_opinion"), {"text": "我局将配合做好校园周边加装电梯的协调工作。"}, follow=True
    )
    assert "会办意见已送主办单位" in _messages(response)
    client.force_login(p.unit_clerk)
    body = client.get(_page(assignment_of(proposal, p.unit))).content.decode()
    assert "我局将配合做好校园周边加装电梯的协调工作" in body and edu_unit.name in body


def test_handling_files_are_only_for_those_who_see_the_proposal(
    client: Client, p: Personas, edu_clerk, media
) -> None:
    assignment = signed(p)
    reply = replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data(), upload=pdf())
    assert reply.document is not None
    url = reverse("proposals:attachment", args=[reply.document.pk])
    client.force_login(p.unit_clerk)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    client.force_login(edu_clerk)
    assert client.get(url).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(url).status_code == 404

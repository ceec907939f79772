"""/api/v1/proposals/ for handling units' own systems: the inbox, sign for, object, record contacts,
send co-handling opinions, ask for an extension, write, submit and co-sign the reply — the same
services and the same refusals as the unit's pages, and nothing outside the unit's own work."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import bearer
from tests.personas import Personas, _user
from tests.proposals import factories
from tests.proposals.helpers import assigned, assignment_of, fresh_reply, in_days, signed, today
from zhengxie.accounts.models import User
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.proposals.models import Assignment, Contact, CoOpinion, Extension, Objection, Reply
from zhengxie.proposals.services import replies

BASE = "/api/v1/proposals/"

REPLY = {
    "category": "A",
    "text": "经研究，我局已简化加装电梯审批流程，出台资金分摊指引，并设立财政补贴专项资金。",
    "summary": "已简化审批、出台指引、设立补贴。",
    "signing_leader": "张局长",
    "contact_name": "刘科长",
    "contact_phone": "0571-88886666",
    "public_scope": "full",
}


@pytest.fixture
def edu_unit(p: Personas) -> HandlingUnit:
    return HandlingUnit.objects.create(committee=p.city, name="市教育局")


@pytest.fixture
def edu_clerk(p: Personas, edu_unit: HandlingUnit) -> User:
    """教育局经办人: the clerk of a second unit (会办, or simply another unit)."""
    return _user("edu_clerk", "教育局经办人", p.city, Role.UNIT_CLERK, unit=edu_unit)


def _post(client: Client, url: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def _put(client: Client, url: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.put(url, body, content_type="application/json", headers=headers)


def _url(assignment: Assignment, action: str = "") -> str:
    return f"{BASE}assignments/{assignment.pk}" + (f"/{action}" if action else "")


def test_lead_unit_signs_records_a_contact_and_replies(client: Client, p: Personas) -> None:
    proposal = assigned(p)
    lead = assignment_of(proposal, p.unit)
    clerk = bearer(p.unit_clerk)
    inbox = client.get(
        BASE + "inbox", {"committee": str(p.city.pk), "bucket": "to_sign"}, headers=clerk
    ).json()
    assert [(row["id"], row["number"], row["role"]) for row in inbox["items"]] == [
        (lead.pk, proposal.number, "lead")
    ]

    signed_now = _post(client, _url(lead, "sign"), clerk)
    assert signed_now.status_code == 200 and signed_now.json()["state"] == "handling"
    contact = _post(
        client,
        _url(lead, "contact"),
        clerk,
        {
            "stage": "before",
            "mode": "phone",
            "on": today().isoformat(),
            "participants": "王委员、刘科长",
            "notes": "电话听取王委员对加装电梯的具体意见。",
        },
    )
    assert contact.status_code == 201, contact.content
    assert (contact.json()["stage_label"], contact.json()["mode_label"]) == ("办前", "电话")
    saved = _put(client, _url(lead, "reply"), clerk, REPLY)
    assert saved.status_code == 200 and saved.json()["state"] == "draft"
    submitted = _post(client, _url(lead, "reply/submit"), clerk)
    assert submitted.status_code == 200 and submitted.json()["state"] == "reviewing"

    detail = client.get(_url(lead), headers=clerk).json()
    assert detail["suggestion"] == proposal.suggestion
    assert detail["reply"]["state"] == "reviewing" and detail["reply"]["contact_phone"] == "0571-88886666"
    assert detail["lead_reply"] is None


def test_a_returned_reply_shows_the_review_comment_and_can_be_rewritten(client: Client, p: Personas) -> None:
    lead = signed(p)
    clerk = bearer(p.unit_clerk)
    _put(client, _url(lead, "reply"), clerk, REPLY)
    _post(client, _url(lead, "reply/submit"), clerk)
    reply = fresh_reply(Reply.objects.get(assignment=lead))
    replies.reply_review(reply=reply, by=p.proposal_staff, approve=False, comment="请逐条答复三条建议")

    mine = client.get(_url(lead), headers=clerk).json()["reply"]
    assert (mine["state"], mine["review_comment"]) == ("returned", "请逐条答复三条建议")
    rewritten = _put(client, _url(lead, "reply"), clerk, {**REPLY, "summary": "逐条答复"})
    assert rewritten.status_code == 200 and rewritten.json()["summary"] == "逐条答复"


def test_co_unit_sends_its_opinion_and_cosigns_the_lead_reply(
    client: Client, p: Personas, edu_unit: HandlingUnit, edu_clerk: User
) -> None:
    proposal = assigned(p, mode="joint", units=[p.unit], co_units=[edu_unit])
    lead, co = assignment_of(proposal, p.unit), assignment_of(proposal, edu_unit)
    clerk, edu = bearer(p.unit_clerk), bearer(edu_clerk)
    assert _post(client, _url(co, "sign"), edu).json()["state"] == "handling"
    # A co unit does not write a reply of its own.
    refused = _put(client, _url(co, "reply"), edu, REPLY)
    assert refused.status_code == 403 and "会办意见" in refused.json()["message"]
    no_submit = _post(client, _url(co, "reply/submit"), edu)
    assert no_submit.status_code == 400 and "会签" in no_submit.json()["message"]
    sent = _post(client, _url(co, "co-opinion"), edu, {"text": "我局同意将学校周边小区纳入加装电梯试点。"})
    assert sent.status_code == 200 and sent.json()["state"] == "replied"
    received = client.get(_url(lead), headers=clerk).json()["co_opinions"]
    assert [(o["unit"], o["round"]) for o in received] == [("市教育局", 1)]

    _post(client, _url(lead, "sign"), clerk)
    _put(client, _url(lead, "reply"), clerk, REPLY)
    assert _post(client, _url(lead, "reply/submit"), clerk).json()["state"] == "cosigning"
    shown = client.get(_url(co), headers=edu).json()["lead_reply"]
    assert shown["state"] == "cosigning" and not shown["cosigned_by_me"]
    assert "contact_phone" not in shown
    cosigned = _post(client, _url(co, "reply/cosign"), edu)
    assert cosigned.status_code == 200 and cosigned.json()["state"] == "reviewing"
    again = _post(client, _url(co, "reply/cosign"), edu)
    assert again.status_code == 400 and "不能会签" in again.json()["message"]
    # The lead does not co-sign its own reply.
    assert _post(client, _url(lead, "reply/cosign"), clerk).status_code == 400


def test_objection_and_extension_are_asked_for_through_the_api(client: Client, p: Personas) -> None:
    lead = signed(p)
    clerk = bearer(p.unit_clerk)
    new_due = (lead.due_on + timedelta(days=20)).isoformat()
    asked = _post(
        client, _url(lead, "extension"), clerk, {"new_due_on": new_due, "reason": "需等待专项资金批复"}
    )
    assert asked.status_code == 201 and asked.json()["state"] == "pending"
    assert asked.json()["old_due_on"] == lead.due_on.isoformat() and asked.json()["new_due_on"] == new_due
    twice = _post(
        client, _url(lead, "extension"), clerk, {"new_due_on": new_due, "reason": "需等待专项资金批复"}
    )
    assert twice.status_code == 400 and "审批中" in twice.json()["message"]
    objected = _post(
        client,
        _url(lead, "objection"),
        clerk,
        {"reason": "电梯加装由市场监管部门主管", "suggested_unit": "市场监管局"},
    )
    assert objected.status_code == 200 and objected.json()["state"] == "objecting"
    assert Objection.objects.get(assignment=lead).suggested_unit == "市场监管局"
    assert Extension.objects.filter(assignment=lead).count() == 1


def test_wrong_state_is_refused_with_the_service_message(client: Client, p: Personas) -> None:
    lead = signed(p)
    clerk = bearer(p.unit_clerk)
    again = _post(client, _url(lead, "sign"), clerk)
    assert again.status_code == 400 and "当前状态" in again.json()["message"]
    not_co = _post(client, _url(lead, "co-opinion"), clerk, {"text": "这是一条足够长的会办意见内容。"})
    assert not_co.status_code == 400 and "只有会办单位" in not_co.json()["message"]
    nothing = _post(client, _url(lead, "reply/submit"), clerk)
    assert nothing.status_code == 400 and "请先撰写" in nothing.json()["message"]
    Assignment.objects.filter(pk=lead.pk).update(objection_until=today() - timedelta(days=1))
    locked = _post(client, _url(lead, "objection"), clerk, {"reason": "不属于本单位职责范围"})
    assert locked.status_code == 400 and "锁定" in locked.json()["message"]
    assert not Objection.objects.exists()


def test_bad_input_gets_a_clear_message_and_stores_nothing(client: Client, p: Personas) -> None:
    lead = signed(p)
    clerk = bearer(p.unit_clerk)
    bad_phone = _put(client, _url(lead, "reply"), clerk, {**REPLY, "contact_phone": "电话"})
    assert bad_phone.status_code == 400 and "联系电话" in bad_phone.json()["message"]
    bad_category = _put(client, _url(lead, "reply"), clerk, {**REPLY, "category": "Z"})
    assert bad_category.status_code == 400 and "答复类别" in bad_category.json()["message"]
    missing = _put(client, _url(lead, "reply"), clerk, {"category": "A"})
    assert missing.status_code == 422
    assert not Reply.objects.exists()

    contact = {
        "stage": "sometime",
        "mode": "phone",
        "on": in_days(1).isoformat(),
        "participants": "",
        "notes": "短",
    }
    refused = _post(client, _url(lead, "contact"), clerk, contact)
    assert refused.status_code == 400
    assert "沟通环节" in refused.json()["message"] and "晚于今天" in refused.json()["message"]
    not_a_date = _post(
        client, _url(lead, "extension"), clerk, {"new_due_on": "下个月", "reason": "需要更多时间"}
    )
    assert not_a_date.status_code == 422
    earlier = _post(
        client,
        _url(lead, "extension"),
        clerk,
        {"new_due_on": today().isoformat(), "reason": "需要更多时间办理"},
    )
    assert earlier.status_code == 400 and "须晚于" in earlier.json()["message"]
    bad_bucket = client.get(BASE + "inbox", {"committee": str(p.city.pk), "bucket": "all"}, headers=clerk)
    assert bad_bucket.status_code == 400 and "to_sign" in bad_bucket.json()["message"]
    assert not Contact.objects.exists() and not Extension.objects.exists()


def test_other_units_roles_and_committees_get_404(
    client: Client, p: Personas, edu_unit: HandlingUnit, edu_clerk: User
) -> None:
    proposal = assigned(p)
    lead = assignment_of(proposal, p.unit)
    for user in (edu_clerk, p.member_wang, p.proposal_staff, p.county_b_staff):
        headers = bearer(user)
        assert client.get(_url(lead), headers=headers).status_code == 404
        assert _post(client, _url(lead, "sign"), headers).status_code == 404
        assert _put(client, _url(lead, "reply"), headers, REPLY).status_code == 404
        assert (
            _post(client, _url(lead, "co-opinion"), headers, {"text": "会办意见会办意见会办意见"}).status_code
            == 404
        )
    assert Assignment.objects.get(pk=lead.pk).state == "pending"
    # The inbox of a committee where the caller is no unit, and anyone else's inbox.
    assert (
        client.get(
            BASE + "inbox", {"committee": str(p.county_a.pk)}, headers=bearer(p.unit_clerk)
        ).status_code
        == 404
    )
    assert (
        client.get(BASE + "inbox", {"committee": p.city.pk}, headers=bearer(p.member_wang)).status_code == 404
    )
    edu_inbox = client.get(BASE + "inbox", {"committee": p.city.pk}, headers=bearer(edu_clerk)).json()
    assert edu_inbox["items"] == []
    assert not CoOpinion.objects.exists()


def test_inbox_pages_and_its_query_count_does_not_grow(client: Client, p: Personas) -> None:
    clerk = bearer(p.unit_clerk)
    params = {"committee": str(p.city.pk), "bucket": "handling", "limit": "20"}

    def count() -> tuple[int, Any]:
        client.get(BASE + "inbox", params, headers=clerk)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(BASE + "inbox", params, headers=clerk).json()
        return len(captured.captured_queries), page

    for i in range(2):
        factories.assign(factories.filed_proposal(p, title=f"关于第{i}件事的建议"), [p.unit])
    few, page = count()
    assert len(page["items"]) == 2 and page["next_after"] is None
    for i in range(2, 30):
        factories.assign(factories.filed_proposal(p, title=f"关于第{i}件事的建议"), [p.unit])
    many, page = count()
    assert many == few
    assert len(page["items"]) == 20 and page["next_after"] is not None
    rest = client.get(BASE + "inbox", {**params, "after": page["next_after"]}, headers=clerk).json()
    assert len(rest["items"]) == 10 and rest["next_after"] is None


def test_openapi_schema_lists_the_unit_endpoints(client: Client, p: Personas) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/proposals/inbox" in paths
    assert "put" in paths["/api/v1/proposals/assignments/{assignment_id}/reply"]
    # Ids are typed in the URL, so `inbox` is never read as a proposal id.
    assert "post" in paths["/api/v1/proposals/{proposal_id}/rating"]

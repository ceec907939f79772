"""/api/v1/proposals/: the members' app writes a proposal, asks co-signers, who answer, submits,
lists "my proposals" (by state), withdraws, reads the approved replies and rates them; scope and
refusals as on the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas
from tests.proposals import factories
from tests.proposals.conftest import city_member
from zhengxie.accounts.models import User
from zhengxie.org.models import Member
from zhengxie.proposals.models import Proposal, Rating

BASE = "/api/v1/proposals/"


@pytest.fixture
def zhao(p: Personas) -> tuple[User, Member]:
    return city_member(p, "zhao", "赵晓梅", "110105198001010024")


@pytest.fixture
def qian(p: Personas) -> tuple[User, Member]:
    return city_member(p, "qian", "钱丽华", "110105198202020042")


def _body(p: Personas, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "committee": p.city.pk,
        "title": "关于加快老旧小区加装电梯的建议",
        "situation": "全市老旧小区多数没有电梯。",
        "analysis": "审批环节多，资金分摊难。",
        "suggestion": "简化审批，出台分摊指引。",
        "category": "社会建设",
    }
    body.update(overrides)
    return body


def _post(client: Client, url: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def test_member_writes_submits_and_lists(client: Client, p: Personas) -> None:
    auth = bearer(p.member_wang)
    created = _post(client, BASE, auth, _body(p))
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    submitted = _post(client, f"{BASE}{pid}/submit", auth)
    assert submitted.json()["state"] == "submitted"
    mine = client.get(BASE + "mine", {"committee": p.city.pk}, headers=auth).json()
    assert [row["id"] for row in mine["items"]] == [pid]
    detail = client.get(f"{BASE}{pid}", headers=auth).json()
    assert detail["suggestion"] == "简化审批，出台分摊指引。" and detail["timeline"]


def test_joint_proposal_cosigned_through_the_api(client: Client, p: Personas, zhao) -> None:
    auth = bearer(p.member_wang)
    pid = _post(client, BASE, auth, _body(p, kind="joint", cosigner_ids=[zhao[1].pk])).json()["id"]
    assert _post(client, f"{BASE}{pid}/submit", auth).json()["state"] == "cosigning"
    zhao_auth = bearer(zhao[0])
    invited = client.get(BASE + "invitations", {"committee": p.city.pk}, headers=zhao_auth).json()
    assert [row["id"] for row in invited] == [pid]
    answered = _post(client, f"{BASE}{pid}/cosign", zhao_auth, {"agree": True})
    assert answered.json()["state"] == "submitted"


def test_bad_input_gets_a_chinese_message_and_stores_nothing(client: Client, p: Personas) -> None:
    auth = bearer(p.member_wang)
    response = _post(client, BASE, auth, _body(p, category="不存在的分类"))
    assert response.status_code == 400 and "分类" in response.json()["message"]
    response = _post(client, BASE, auth, _body(p, kind="party"))
    assert response.status_code == 400 and "集体提案" in response.json()["message"]
    response = _post(client, BASE, auth, _body(p, cosigner_ids=[999999], kind="joint"))
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_wrong_state_and_wrong_person(client: Client, p: Personas, qian) -> None:
    auth = bearer(p.member_wang)
    pid = _post(client, BASE, auth, _body(p)).json()["id"]
    _post(client, f"{BASE}{pid}/submit", auth)
    again = _post(client, f"{BASE}{pid}/submit", auth)
    assert again.status_code == 400 and "当前状态" in again.json()["message"]
    other = bearer(qian[0])
    assert client.get(f"{BASE}{pid}", headers=other).status_code == 404
    assert _post(client, f"{BASE}{pid}/withdraw", other).status_code == 404
    clerk = bearer(p.unit_clerk)
    assert client.get(BASE + "mine", {"committee": p.city.pk}, headers=clerk).status_code == 404
    assert _post(client, BASE, clerk, _body(p)).status_code == 404
    assert _post(client, f"{BASE}{pid}/withdraw", auth).json()["state"] == "withdrawn"


def test_my_list_query_count_does_not_grow(client: Client, p: Personas) -> None:
    auth = bearer(p.member_wang)

    def count() -> int:
        client.get(BASE + "mine", {"committee": p.city.pk}, headers=auth)
        with CaptureQueriesContext(connection) as captured:
            client.get(BASE + "mine", {"committee": p.city.pk}, headers=auth)
        return len(captured.captured_queries)

    for i in range(2):
        _post(client, BASE, auth, _body(p, title=f"关于第{i}件事的建议"))
    few = count()
    for i in range(2, 30):
        _post(client, BASE, auth, _body(p, title=f"关于第{i}件事的建议"))
    assert count() == few


def _replied(p: Personas, zhao: tuple[User, Member]) -> Proposal:
    """王委员's joint proposal with 赵委员, whose reply the staff have just approved."""
    return factories.replied_proposal(
        p, cosigners=[zhao[1]], rating_until=timezone.localdate() + timedelta(days=10)
    )


def test_proposer_reads_the_reply_and_rates_it(client: Client, p: Personas, zhao) -> None:
    proposal = _replied(p, zhao)
    auth = bearer(p.member_wang)
    detail = client.get(f"{BASE}{proposal.pk}", headers=auth).json()
    assert [(a["unit"], a["role"], a["state"]) for a in detail["assignments"]] == [
        (p.unit.name, "lead", "replied")
    ]
    [reply] = detail["replies"]
    assert reply["unit"] == p.unit.name and reply["category"] == "A" and reply["text"]
    # The unit's contact person and phone are not for the proposers.
    assert "contact_phone" not in reply and "contact_name" not in reply
    assert detail["rating"] == {
        "is_rater": True,
        "can_rate": True,
        "rating_until": str(proposal.rating_until),
        "mine": [],
    }

    rated = _post(client, f"{BASE}{proposal.pk}/rating", auth, {"work": "satisfied", "result": "basic"})
    assert rated.status_code == 201 and rated.json()["result_label"] == "基本满意"
    status = client.get(f"{BASE}{proposal.pk}", headers=auth).json()["rating"]
    assert not status["can_rate"] and [r["work"] for r in status["mine"]] == ["satisfied"]
    again = _post(client, f"{BASE}{proposal.pk}/rating", auth, {"work": "satisfied", "result": "satisfied"})
    assert again.status_code == 400 and "不能重复评价" in again.json()["message"]
    # The co-signer rates too, once, for himself or herself.
    zhao_rated = _post(
        client, f"{BASE}{proposal.pk}/rating", bearer(zhao[0]), {"work": "basic", "result": "basic"}
    )
    assert zhao_rated.status_code == 201
    assert Rating.objects.filter(proposal=proposal).count() == 2


def test_rating_refusals_store_nothing(client: Client, p: Personas, zhao, qian) -> None:
    proposal = _replied(p, zhao)
    auth = bearer(p.member_wang)
    unhappy = _post(client, f"{BASE}{proposal.pk}/rating", auth, {"work": "dissatisfied", "result": "basic"})
    assert unhappy.status_code == 400 and "不满意的原因" in unhappy.json()["message"]
    unknown = _post(client, f"{BASE}{proposal.pk}/rating", auth, {"work": "great", "result": "basic"})
    assert unknown.status_code == 400 and "满意" in unknown.json()["message"]
    assert _post(client, f"{BASE}{proposal.pk}/rating", auth, {"work": "basic"}).status_code == 422
    # Someone who cannot see the proposal gets 404; a unit clerk who can is still no rater.
    assert (
        _post(
            client, f"{BASE}{proposal.pk}/rating", bearer(qian[0]), {"work": "basic", "result": "basic"}
        ).status_code
        == 404
    )
    clerk = _post(
        client, f"{BASE}{proposal.pk}/rating", bearer(p.unit_clerk), {"work": "basic", "result": "basic"}
    )
    assert clerk.status_code == 403 and "只有提案者" in clerk.json()["message"]
    Proposal.objects.filter(pk=proposal.pk).update(rating_until=timezone.localdate() - timedelta(days=1))
    late = _post(client, f"{BASE}{proposal.pk}/rating", auth, {"work": "basic", "result": "basic"})
    assert late.status_code == 400 and "期限已过" in late.json()["message"]
    assert not Rating.objects.exists()


def test_rating_before_the_reply_is_a_state_error(client: Client, p: Personas) -> None:
    auth = bearer(p.member_wang)
    pid = _post(client, BASE, auth, _body(p)).json()["id"]
    response = _post(client, f"{BASE}{pid}/rating", auth, {"work": "basic", "result": "basic"})
    assert response.status_code == 400 and "不能评价" in response.json()["message"]
    detail = client.get(f"{BASE}{pid}", headers=auth).json()
    assert detail["replies"] == [] and detail["assignments"] == [] and not detail["rating"]["can_rate"]


def test_my_list_filters_by_state(client: Client, p: Personas) -> None:
    auth = bearer(p.member_wang)
    draft = _post(client, BASE, auth, _body(p, title="关于草稿的建议")).json()["id"]
    sent = _post(client, BASE, auth, _body(p)).json()["id"]
    _post(client, f"{BASE}{sent}/submit", auth)
    params = {"committee": str(p.city.pk)}
    assert [
        r["id"] for r in client.get(BASE + "mine", {**params, "state": "draft"}, headers=auth).json()["items"]
    ] == [draft]
    assert [
        r["id"]
        for r in client.get(BASE + "mine", {**params, "state": "submitted"}, headers=auth).json()["items"]
    ] == [sent]
    assert len(client.get(BASE + "mine", params, headers=auth).json()["items"]) == 2
    bad = client.get(BASE + "mine", {**params, "state": "lost"}, headers=auth)
    assert bad.status_code == 400 and "状态只能是" in bad.json()["message"]


def test_proposer_reads_and_confirms_a_proofreading_round(client: Client, p: Personas, qian) -> None:
    from tests.proposals.helpers import filed_proposal
    from zhengxie.proposals.models import ProofRound
    from zhengxie.proposals.services import proofreading

    proposal = filed_proposal(p)
    proofreading.proof_round_start(
        proposal=proposal, by=p.proposal_staff, texts={"suggestion": "校对后的建议。"}, note="改正错字"
    )
    auth = bearer(p.member_wang)
    rounds = client.get(f"{BASE}{proposal.pk}/proof", headers=auth).json()
    assert rounds[0]["state_label"] == "待提案者确认"
    assert rounds[0]["corrections"][0]["field_label"] == "建议"
    assert rounds[0]["corrections"][0]["after"] == "校对后的建议。"
    url = f"{BASE}{proposal.pk}/proof/1/answer"
    empty = _post(client, url, auth, {"confirm": False, "comment": ""})
    assert empty.status_code == 400 and "意见" in empty.json()["message"]
    assert client.get(f"{BASE}{proposal.pk}/proof", headers=bearer(qian[0])).status_code == 404
    assert _post(client, url, bearer(qian[0]), {"confirm": True}).status_code == 404
    assert _post(client, f"{BASE}{proposal.pk}/proof/9/answer", auth, {"confirm": True}).status_code == 404
    done = _post(client, url, auth, {"confirm": True})
    assert done.status_code == 200 and done.json()["state"] == "confirmed"
    again = _post(client, url, auth, {"confirm": True})
    assert again.status_code == 400 and "已答复" in again.json()["message"]
    assert ProofRound.objects.get().state == ProofRound.State.CONFIRMED

"""The proposer's pages: writing, submitting, co-signing, withdrawing, and the detail page's
reach (404 for whoever may not see the proposal)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from zhengxie.proposals.models import Proposal, ProposerKind
from zhengxie.proposals.services import submission as sub

P = Proposal.State


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "member",
        "title": "关于加快老旧小区加装电梯的建议",
        "situation": "全市老旧小区多数没有电梯。",
        "analysis": "审批环节多，资金分摊难。",
        "suggestion": "简化审批，出台分摊指引。",
        "category": "社会建设",
        "consent_publish": "on",
    }
    data.update(overrides)
    return data


def test_member_writes_and_submits_through_the_pages(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    response = client.post(reverse("proposals:create"), _form())
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("proposals:detail", args=[proposal.pk])
    page = client.get(response["Location"])
    assert "保存草稿" not in page.content.decode() and "提交" in page.content.decode()
    client.post(reverse("proposals:act", args=[proposal.pk, "submit"]))
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED
    listing = client.get(reverse("proposals:mine")).content.decode()
    assert "关于加快老旧小区加装电梯的建议" in listing and "已提交" in listing


def test_bad_input_shows_a_message_and_stores_nothing(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    response = client.post(reverse("proposals:create"), _form(title="", consent_publish=""))
    assert response.status_code == 200
    assert not Proposal.objects.exists()
    response = client.post(reverse("proposals:create"), _form(consent_publish=""))
    assert "不同意公开时，请说明理由" in response.content.decode()
    assert not Proposal.objects.exists()


def test_submission_refused_with_the_reasons_when_incomplete(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    client.post(reverse("proposals:create"), _form(analysis=""))
    proposal = Proposal.objects.get()
    response = client.post(reverse("proposals:act", args=[proposal.pk, "submit"]), follow=True)
    assert "请填写“分析”部分" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == P.DRAFT


def test_cosigner_answers_on_the_detail_page(client: Client, p: Personas, zhao) -> None:
    proposal = sub.proposal_create(
        committee_id=p.city.pk,
        by=p.member_wang,
        data=complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]]),
    )
    # A draft is the author's alone.
    client.force_login(zhao[0])
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 404
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    invitations = client.get(reverse("proposals:mine")).content.decode()
    assert "待我确认的联名邀请" in invitations
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert "同意联名" in page
    client.post(reverse("proposals:act", args=[proposal.pk, "agree"]))
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED


def test_others_get_404(client: Client, p: Personas, qian) -> None:
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    url = reverse("proposals:detail", args=[proposal.pk])
    for outsider in (qian[0], p.unit_clerk, p.county_b_staff, p.member_county, p.sysadmin):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider.username
    # Nor may they act on it or edit it.
    client.force_login(qian[0])
    assert client.post(reverse("proposals:act", args=[proposal.pk, "withdraw"])).status_code == 404
    assert client.get(reverse("proposals:edit", args=[proposal.pk])).status_code == 404
    client.force_login(p.proposal_staff)
    assert client.get(url).status_code == 200


def test_staff_do_not_see_drafts(client: Client, p: Personas) -> None:
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    client.force_login(p.proposal_staff)
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 404


def test_non_member_cannot_open_the_member_pages(client: Client, p: Personas) -> None:
    client.force_login(p.unit_clerk)
    assert client.get(reverse("proposals:mine")).status_code == 404
    assert client.get(reverse("proposals:create")).status_code == 404


def test_withdraw_from_the_page(client: Client, p: Personas) -> None:
    proposal = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    sub.proposal_submit(proposal=proposal, by=p.member_wang)
    client.force_login(p.member_wang)
    client.post(reverse("proposals:act", args=[proposal.pk, "withdraw"]), {"reason": "重复"})
    proposal.refresh_from_db()
    assert proposal.state == P.WITHDRAWN
    # A second withdrawal is the wrong state: a clear message, nothing changes.
    response = client.post(reverse("proposals:act", args=[proposal.pk, "withdraw"]), follow=True)
    assert "当前状态为“已撤案”" in response.content.decode()


def _count(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_my_list_query_count_does_not_grow(client: Client, p: Personas, zhao) -> None:
    def add(n: int) -> None:
        for i in range(n):
            proposal = sub.proposal_create(
                committee_id=p.city.pk,
                by=p.member_wang,
                data=complete_data(
                    title=f"关于第{i}件事的建议", kind=ProposerKind.JOINT, cosigners=[zhao[1]]
                ),
            )
            sub.proposal_submit(proposal=proposal, by=p.member_wang)

    client.force_login(zhao[0])  # sees them as invitations and as co-signed proposals
    add(2)
    few = _count(client, reverse("proposals:mine"))
    add(30)
    many = _count(client, reverse("proposals:mine"))
    assert few == many


def test_detail_query_count_does_not_grow_with_cosigners(client: Client, p: Personas, zhao, qian) -> None:
    small = sub.proposal_create(
        committee_id=p.city.pk,
        by=p.member_wang,
        data=complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]]),
    )
    large = sub.proposal_create(
        committee_id=p.city.pk,
        by=p.member_wang,
        data=complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1], qian[1]]),
    )
    for proposal in (small, large):
        sub.proposal_submit(proposal=proposal, by=p.member_wang)
        sub.cosign_answer(proposal=proposal, by=zhao[0], agree=True)
    client.force_login(p.member_wang)
    assert _count(client, reverse("proposals:detail", args=[small.pk])) == _count(
        client, reverse("proposals:detail", args=[large.pk])
    )


def test_member_sees_similar_proposals_while_writing(client: Client, p: Personas) -> None:
    existing = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=complete_data())
    sub.proposal_submit(proposal=existing, by=p.member_wang)
    sub.proposal_create(
        committee_id=p.city.pk,
        by=p.member_wang,
        data=complete_data(
            title="关于保护古树名木的建议", situation="古树名木保护经费不足。", suggestion="设立专项资金。"
        ),
    )
    client.force_login(p.member_wang)
    url = reverse("proposals:similar")
    found = client.post(
        url, {"title": "关于老旧小区加装电梯补贴的建议", "suggestion": "加装电梯资金分摊与审批"}
    )
    assert "关于加快老旧小区加装电梯的建议" in found.content.decode()
    assert "古树" not in found.content.decode()
    unrelated = client.post(url, {"title": "关于发展冰雪运动的建议"})
    assert 'data-testid="similar"' not in unrelated.content.decode()
    client.force_login(p.unit_clerk)
    assert client.post(url, {"title": "电梯"}).status_code == 404

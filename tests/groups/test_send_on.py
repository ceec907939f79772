"""A distilled suggestion goes on, once, as a proposal draft for one of its authors or as an input
of a consultation; the link stays on the suggestion and the authors are credited once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations import config
from zhengxie.consultations.models import Consultation, Document
from zhengxie.consultations.services import plans
from zhengxie.duty.models import PointEntry
from zhengxie.groups import services
from zhengxie.groups.models import Suggestion
from zhengxie.lib.errors import DomainError
from zhengxie.proposals.models import Proposal

from .conftest import G

pytestmark = pytest.mark.django_db


def _suggestion(p: Personas, g: G) -> Suggestion:
    wang = services.post_create(group=g.group, by=p.member_wang, body="建议加装电梯")
    zhao = services.post_create(group=g.group, by=g.zhao, body="听取低层住户意见", parent=wang)
    again = services.post_create(group=g.group, by=g.zhao, body="补充一点")
    return services.suggestion_create(
        group=g.group,
        by=p.info_staff,
        data=services.SuggestionDraft(
            area="城乡建设",
            title="关于加装电梯的建议",
            summary="明确费用分摊标准。",
            post_ids=[wang.pk, zhao.pk, again.pk],
        ),
    )


def _consultation(p: Personas) -> Consultation:
    return plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="推进城市更新",
        form=config.form_named(p.city.pk, "专题协商会"), meeting_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip


def test_a_suggestion_becomes_a_proposal_draft_for_a_chosen_author(client: Client, p: Personas, g: G) -> None:
    s = _suggestion(p, g)
    client.force_login(p.info_staff)
    page = client.get(reverse("groups:suggestion", args=[s.pk])).content.decode()
    assert "生成提案草稿" in page and "赵晓梅" in page
    response = client.post(
        reverse("groups:suggestion_to_proposal", args=[s.pk]), {"member": g.zhao_record.pk}
    )
    assert response.status_code == 302
    s.refresh_from_db()
    proposal = Proposal.objects.get()
    assert s.state == Suggestion.State.PROPOSAL and s.proposal_id == proposal.pk
    assert proposal.proposer_id == g.zhao_record.pk and "主题议政" in proposal.source_label
    # The proposer is scored by the proposal loop; the other author once for the suggestion.
    assert list(PointEntry.objects.filter(rule__code="A03").values_list("member_id", flat=True)) == [
        p.member_wang_record.pk
    ]
    assert AuditEvent.objects.filter(action="groups.suggestion.sent_as_proposal").count() == 1
    again = client.post(reverse("groups:suggestion_send", args=[s.pk]), follow=True)
    assert "该建议已报送" in again.content.decode()
    with pytest.raises(DomainError, match="已报送"):
        services.suggestion_to_consultation(suggestion=s, by=p.info_staff, consultation=_consultation(p))
    assert PointEntry.objects.filter(rule__code="A03").count() == 1
    assert "已转为提案草稿" in client.get(reverse("groups:suggestion", args=[s.pk])).content.decode()


def test_the_proposer_must_be_one_of_the_authors(client: Client, p: Personas, g: G) -> None:
    s = _suggestion(p, g)
    other = p.member_county  # 甲县: not an author, not of the committee
    from zhengxie.org.models import Member

    outsider = Member.objects.filter(person__user=other).first()
    assert outsider is not None
    with pytest.raises(DomainError, match="请从本建议的发言委员中选择提案人"):
        services.suggestion_to_proposal(suggestion=s, by=p.info_staff, member=outsider)
    client.force_login(p.info_staff)
    bad = client.post(reverse("groups:suggestion_to_proposal", args=[s.pk]), {"member": "abc"}, follow=True)
    assert "请选择提案人" in bad.content.decode()
    s.refresh_from_db()
    assert s.state == Suggestion.State.DRAFT and not Proposal.objects.exists()


def test_a_suggestion_goes_to_a_consultation_crediting_each_author_once(
    client: Client, p: Personas, g: G
) -> None:
    s = _suggestion(p, g)
    c = _consultation(p)
    client.force_login(p.activity_staff)
    response = client.post(reverse("groups:suggestion_to_consultation", args=[s.pk]), {"consultation": c.pk})
    assert response.status_code == 302
    s.refresh_from_db()
    doc = Document.objects.get(kind=Document.Kind.INPUT)
    assert s.state == Suggestion.State.CONSULTATION and s.consultation_input_id == doc.pk
    assert doc.consultation_id == c.pk and "第1号建议" in doc.source_label
    credited = PointEntry.objects.filter(rule__code="A03").values_list("member_id", flat=True)
    assert sorted(credited) == sorted([p.member_wang_record.pk, g.zhao_record.pk])
    page = client.get(reverse("groups:suggestion", args=[s.pk])).content.decode()
    assert "已送交协商" in page and "推进城市更新" in page


def test_only_the_office_sends_and_outsiders_get_404(client: Client, p: Personas, g: G) -> None:
    s = _suggestion(p, g)
    c = _consultation(p)
    client.force_login(p.member_wang)
    assert (
        client.post(
            reverse("groups:suggestion_to_consultation", args=[s.pk]), {"consultation": c.pk}
        ).status_code
        == 404
    )
    client.force_login(p.county_b_staff)
    assert (
        client.post(
            reverse("groups:suggestion_to_proposal", args=[s.pk]), {"member": g.zhao_record.pk}
        ).status_code
        == 404
    )
    s.refresh_from_db()
    assert s.state == Suggestion.State.DRAFT


def test_the_api_sends_a_suggestion_on_as_a_proposal_or_to_a_consultation(
    client: Client, p: Personas, g: G
) -> None:
    from tests.api.helpers import bearer

    first = _suggestion(p, g)
    staff = bearer(p.activity_staff)
    url = f"/api/v1/groups/suggestions/{first.pk}/proposal"
    wrong = client.post(url, {"member_id": 999999}, content_type="application/json", headers=staff)
    assert wrong.status_code == 400 and "发言委员" in wrong.json()["message"]
    done = client.post(
        url, {"member_id": p.member_wang_record.pk}, content_type="application/json", headers=staff
    )
    assert done.status_code == 200 and done.json()["state"] == "proposal" and done.json()["proposal_id"]
    second = services.suggestion_create(
        group=g.group,
        by=p.info_staff,
        data=services.SuggestionDraft(
            area="教育",
            title="第二条",
            summary="内容",
            post_ids=list(first.posts.values_list("pk", flat=True)),
        ),
    )
    c = _consultation(p)
    sent = client.post(
        f"/api/v1/groups/suggestions/{second.pk}/consultation",
        {"consultation_id": c.pk},
        content_type="application/json",
        headers=staff,
    )
    assert sent.status_code == 200 and sent.json()["consultation_id"] == c.pk
    member = client.post(
        f"/api/v1/groups/suggestions/{second.pk}/consultation",
        {"consultation_id": c.pk},
        content_type="application/json",
        headers=bearer(p.member_wang),
    )
    assert member.status_code == 403  # in the group, but not its office

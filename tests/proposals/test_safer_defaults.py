"""Forms that start empty where a choice matters, pages that show what a decision needs, refusals
that keep what was typed, actions not offered when they cannot succeed."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from tests.proposals.factories import assign, filed_proposal
from zhengxie.audit.models import AuditEvent
from zhengxie.proposals.config import settings_for
from zhengxie.proposals.handling_forms import ReplyForm
from zhengxie.proposals.models import Contact, CoOpinion, Proposal
from zhengxie.proposals.review_forms import NotFileForm
from zhengxie.proposals.services import replies
from zhengxie.proposals.services.replies import ReplyData


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    first = re.search(r'<option value="([^"]*)"', select.group(1))
    return chosen.group(1) if chosen else (first.group(1) if first else "")


def test_not_filing_reason_starts_empty_and_must_be_chosen(p):
    rules = settings_for(p.city.pk)
    assert _selected(str(NotFileForm(rules=rules, prefix="not_file")), "not_file-reason") == ""
    form = NotFileForm({"not_file-destination": "opinion"}, rules=rules, prefix="not_file")
    assert not form.is_valid()
    assert form.errors["reason"] == ["请选择不予立案理由"]


def test_reply_class_starts_empty_and_must_be_chosen(p):
    assert _selected(str(ReplyForm(committee_id=p.city.pk)), "category") == ""
    form = ReplyForm({"text": "答复"}, committee_id=p.city.pk)
    assert not form.is_valid()
    assert form.errors["category"] == ["请选择答复类别"]


def _due_later() -> date:
    return timezone.localdate() + timedelta(days=30)


def test_after_filing_the_review_page_offers_assignment(client, p):
    proposal = filed_proposal(p)
    client.force_login(p.proposal_staff)
    page = client.get(reverse("proposals:review", args=[proposal.pk])).content.decode()
    assert 'data-testid="next-assign"' in page
    assert reverse("proposals:assign", args=[proposal.pk]) in page
    client.force_login(p.member_wang)
    assert client.get(reverse("proposals:review", args=[proposal.pk])).status_code == 404


def test_reply_review_page_shows_the_proposal_opinions_and_contacts(client, p, edu_unit, edu_clerk):
    proposal = filed_proposal(p)
    lead, co = assign(proposal, [p.unit], co_units=[edu_unit], due_on=_due_later())
    CoOpinion.objects.create(
        committee=p.city, assignment=co, text="教育局会办意见：同意。", sent_by=edu_clerk
    )
    Contact.objects.create(
        committee=p.city,
        proposal=proposal,
        assignment=lead,
        stage="before",
        mode="phone",
        on=timezone.localdate(),
        participants="王建国、李科长",
        notes="办前电话沟通了资金分摊。",
        recorded_by=p.unit_clerk,
    )
    data = ReplyData(
        category="A",
        text="经研究，我局已出台老旧小区加装电梯资金分摊指引，简化了审批流程。",
        summary="",
        signing_leader="张局长",
        contact_name="李科长",
        contact_phone="13900001111",
        public_scope="full",
    )
    reply = replies.reply_save(assignment=lead, by=p.unit_clerk, data=data, upload=None)
    replies.reply_submit(reply=reply, by=p.unit_clerk)
    client.force_login(p.proposal_staff)
    page = client.get(reverse("proposals:reply_review", args=[reply.pk])).content.decode()
    assert proposal.suggestion in page
    assert "教育局会办意见：同意。" in page
    assert "办前电话沟通了资金分摊。" in page


def test_unit_sees_proposers_phone_masked_and_reveals_it_audited(client, p, zhao):
    proposal = filed_proposal(p, cosigners=[zhao[1]])
    (lead,) = assign(proposal, [p.unit], due_on=_due_later())
    client.force_login(p.unit_clerk)
    url = reverse("proposals:unit_assignment", args=[lead.pk])
    page = client.get(url).content.decode()
    assert "王建国" in page and "138****8000" in page and "13800138000" not in page
    assert "赵晓梅" in page
    assert not AuditEvent.objects.filter(action="proposals.proposer_contacts.viewed").exists()
    page = client.post(reverse("proposals:unit_act", args=[lead.pk, "reveal_contacts"])).content.decode()
    assert "13800138000" in page
    assert (
        AuditEvent.objects.filter(action="proposals.proposer_contacts.viewed", actor=p.unit_clerk).count()
        == 1
    )


def test_another_unit_cannot_reveal_the_proposers_contacts(client, p, edu_unit, edu_clerk):
    proposal = filed_proposal(p)
    (lead,) = assign(proposal, [p.unit], due_on=_due_later())
    client.force_login(edu_clerk)
    assert client.post(reverse("proposals:unit_act", args=[lead.pk, "reveal_contacts"])).status_code == 404
    assert not AuditEvent.objects.filter(action="proposals.proposer_contacts.viewed").exists()


def test_refused_extension_request_keeps_the_reason(client, p):
    proposal = filed_proposal(p)
    (lead,) = assign(proposal, [p.unit], due_on=_due_later())
    client.force_login(p.unit_clerk)
    response = client.post(
        reverse("proposals:unit_act", args=[lead.pk, "extension"]),
        {"new_due_on": timezone.localdate().isoformat(), "reason": "需要会同财政部门测算资金缺口"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "申请延至的日期须晚于现在的答复期限" in page
    assert "需要会同财政部门测算资金缺口" in page
    assert not lead.extensions.exists()


def test_overdue_assignment_says_why_it_cannot_be_extended(client, p):
    proposal = filed_proposal(p)
    (lead,) = assign(proposal, [p.unit], due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(p.unit_clerk)
    page = client.get(reverse("proposals:unit_assignment", args=[lead.pk])).content.decode()
    assert "提交延期申请" not in page
    assert "已超过答复期限，不能再申请延期" in page
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.ASSIGNED

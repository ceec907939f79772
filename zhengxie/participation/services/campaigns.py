"""Suggestion campaigns and the public column: the office opens a campaign for members, a sector's
members or the public; members contribute when signed in, residents on the public page; the
office moderates every contribution before it is shown, and the office or a member replies; at the
end the office closes it with a summary, exported in the official Word layout and sent on as a
社情民意 item or as an input of a consultation if wanted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Consultation
from zhengxie.consultations.services.inputs import input_add, open_for_inputs
from zhengxie.lib.crypto import search_hash
from zhengxie.lib.docx import OfficialDocument
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.personal import normalize_phone
from zhengxie.opinions.intake import receive_referral
from zhengxie.org.models import Sector
from zhengxie.org.scope import roles_in
from zhengxie.search.index import reindex

from ..models import Campaign, ChannelSettings, Contribution
from ..workflow import OFFICE
from .common import control_problem, member_of

C = Contribution.State
MAX_CONTRIBUTION = 1000


def _office(by: Any, committee_id: int) -> None:
    if not roles_in(by, committee_id) & OFFICE:
        raise NotAllowed()


@dataclass
class CampaignData:
    title: str
    description: str
    audience: str
    starts_on: date
    ends_on: date
    sector: Sector | None = None


def campaign_open(*, committee_id: int, by: Any, data: CampaignData) -> Campaign:
    _office(by, committee_id)
    problems = []
    if control_problem(data.title, data.description):
        problems.append("内容含有不可见的控制字符")
    if not data.title.strip() or len(data.title.strip()) > 100:
        problems.append("请填写主题（100字以内）")
    if not data.description.strip() or len(data.description) > 5000:
        problems.append("请填写征集说明（5000字以内）")
    if data.audience not in Campaign.Audience.values:
        problems.append("请选择征集对象")
    if data.audience == Campaign.Audience.SECTOR and (
        data.sector is None or data.sector.committee_id != committee_id
    ):
        problems.append("请选择本政协的界别")
    if data.ends_on < data.starts_on:
        problems.append("截止日期不能早于开始日期")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        campaign = Campaign.objects.create(
            committee_id=committee_id,
            title=data.title.strip(),
            description=data.description.strip(),
            audience=data.audience,
            sector=data.sector if data.audience == Campaign.Audience.SECTOR else None,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            created_by=by,
        )
        record(action="participation.campaign.opened", obj=campaign, by=by, data={"audience": data.audience})
        reindex("campaign", campaign.pk)
    return campaign


def _body_problem(body: str) -> str | None:
    control = control_problem(body)
    if control:
        return control
    if not body.strip():
        return "请填写建议内容"
    if len(body.strip()) > MAX_CONTRIBUTION:
        return f"建议内容不能超过{MAX_CONTRIBUTION}字"
    return None


def _open_check(campaign: Campaign) -> None:
    if not campaign.is_open(timezone.localdate()):
        raise DomainError("该征集活动不在征集期内")


def member_may_contribute(user: Any, campaign: Campaign) -> bool:
    member = member_of(user, campaign.committee_id)
    if member is None:
        return False
    return campaign.audience != Campaign.Audience.SECTOR or member.sector_id == campaign.sector_id


def contribute_as_member(*, campaign: Campaign, by: Any, body: str) -> Contribution:
    member = member_of(by, campaign.committee_id)
    if member is None or not member_may_contribute(by, campaign):
        raise NotAllowed("您不在本次征集的对象范围内")
    _open_check(campaign)
    problem = _body_problem(body)
    if problem:
        raise DomainError(problem)
    with transaction.atomic():
        row = Contribution.objects.create(
            committee_id=campaign.committee_id, campaign=campaign, member=member, body=body.strip()
        )
        record(action="participation.contribution.received", obj=row, by=by)
    return row


def contribute_as_resident(
    *, campaign: Campaign, name: str, phone: str, body: str, verified: bool = False
) -> Contribution:
    """A resident's contribution from the public page (the caller has checked the challenge and
    the rate limits). Held for moderation; name and phone are encrypted."""
    if campaign.audience != Campaign.Audience.PUBLIC:
        raise DomainError("该征集活动不面向社会公众")
    if (
        not verified
        and ChannelSettings.objects.filter(
            committee_id=campaign.committee_id, public_phone_verify=True
        ).exists()
    ):
        raise DomainError("请先通过短信验证手机号码")
    _open_check(campaign)
    problems = []
    problem = _body_problem(body)
    if problem:
        problems.append(problem)
    if control_problem(name) or not name.strip() or len(name.strip()) > 50:
        problems.append("请填写姓名（50字以内）")
    try:
        phone = normalize_phone(phone)
    except Exception:
        problems.append("请填写11位手机号码")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        row = Contribution.objects.create(
            committee_id=campaign.committee_id,
            campaign=campaign,
            resident_name=name.strip(),
            resident_phone=phone,
            resident_phone_hash=search_hash(phone),
            phone_verified=verified,
            body=body.strip(),
        )
        record(
            action="participation.contribution.received",
            obj=row,
            by=None,
            data={"public": True, "phone_verified": verified},
        )
    return row


def contribution_moderate(*, contribution: Contribution, by: Any, publish: bool) -> Contribution:
    _office(by, contribution.committee_id)
    to = C.PUBLISHED if publish else C.REJECTED
    with transaction.atomic():
        updated = Contribution.objects.filter(pk=contribution.pk, state=C.PENDING).update(
            state=to, moderated_by=by, moderated_at=timezone.now()
        )
        if not updated:
            raise DomainError("此条建议已被他人审核，请刷新")
        contribution.state = to
        record(action="participation.contribution.moderated", obj=contribution, by=by, data={"state": to})
        reindex("campaign", contribution.campaign_id)
    return contribution


def contribution_reply(*, contribution: Contribution, by: Any, text: str) -> Contribution:
    """The office, or a member of the committee, answers a published contribution."""
    roles = roles_in(by, contribution.committee_id)
    member = member_of(by, contribution.committee_id)
    if not (roles & OFFICE) and member is None:
        raise NotAllowed()
    if contribution.state != C.PUBLISHED:
        raise DomainError("审核公开后才能回复")
    text = text.strip()
    if control_problem(text) or not text or len(text) > 1000:
        raise DomainError("请填写回复（1000字以内）")
    name = f"{member.person.name}委员" if member is not None and not roles & OFFICE else "政协办公室"
    with transaction.atomic():
        Contribution.objects.filter(pk=contribution.pk).update(
            reply=text, replied_by_name=name, replied_at=timezone.now()
        )
        contribution.reply, contribution.replied_by_name = text, name
        record(action="participation.contribution.replied", obj=contribution, by=by)
        reindex("campaign", contribution.campaign_id)
    return contribution


def campaign_close(*, campaign: Campaign, by: Any, summary: str) -> Campaign:
    _office(by, campaign.committee_id)
    summary = summary.strip()
    if control_problem(summary) or not summary or len(summary) > 10000:
        raise DomainError("请填写征集综述（10000字以内）")
    with transaction.atomic():
        if not Campaign.objects.filter(pk=campaign.pk, closed_at__isnull=True).update(
            closed_at=timezone.now(), summary=summary
        ):
            raise DomainError("该征集活动已结束")
        campaign.summary = summary
        campaign.closed_at = timezone.now()
        record(action="participation.campaign.closed", obj=campaign, by=by)
        reindex("campaign", campaign.pk)
    return campaign


def campaign_to_opinion(*, campaign: Campaign, by: Any, source_url: str) -> int:
    """Send the closed campaign's summary on as a 社情民意 item of the committee (once)."""
    _office(by, campaign.committee_id)
    if campaign.closed_at is None:
        raise DomainError("征集结束并形成综述后才能报送")
    if campaign.opinion_id:
        return campaign.opinion_id
    members = list(
        Contribution.objects.filter(campaign=campaign, state=C.PUBLISHED, member__isnull=False)
        .values_list("member_id", flat=True)
        .distinct()[:20]
    )
    with transaction.atomic():
        opinion = receive_referral(
            committee_id=campaign.committee_id,
            title=f"“{campaign.title}”建言征集情况综述"[:100],
            body=campaign.summary,
            author_member_ids=members,
            source=campaign,
            source_label=f"建言征集：{campaign.title}",
            source_url=source_url,
            by=by,
        )
        Campaign.objects.filter(pk=campaign.pk).update(opinion_id=opinion.pk)
        campaign.opinion_id = opinion.pk
        record(action="participation.campaign.to_opinion", obj=campaign, by=by, data={"opinion": opinion.pk})
    return opinion.pk


def consultations_for(campaign: Campaign) -> QuerySet[Consultation]:
    """The consultations the summary may go to: the committee's, still taking inputs."""
    return open_for_inputs(campaign.committee_id)


def campaign_to_consultation(
    *, campaign: Campaign, by: Any, consultation_id: Any, source_url: str
) -> Consultation:
    """Send the closed campaign's summary to one of the committee's consultations as an input
    (意见建议素材), once; the document's id stays on the campaign."""
    _office(by, campaign.committee_id)
    if campaign.closed_at is None:
        raise DomainError("征集结束并形成综述后才能送交协商")
    if campaign.consultation_input_id:
        raise DomainError("征集综述已送交协商，不能重复送交")
    try:
        consultation = consultations_for(campaign).get(pk=int(consultation_id))
    except (Consultation.DoesNotExist, TypeError, ValueError) as exc:
        raise DomainError("请选择本政协尚未归档的协商") from exc
    with transaction.atomic():
        doc = input_add(
            consultation=consultation,
            by=by,
            title=f"“{campaign.title}”建言征集情况综述"[:200],
            body=campaign.summary,
            source_label=f"建言征集：{campaign.title}",
            source_url=source_url,
        )
        claimed = Campaign.objects.filter(pk=campaign.pk, consultation_input_id__isnull=True).update(
            consultation_id=consultation.pk, consultation_input_id=doc.pk
        )
        if not claimed:  # sent at the same moment by someone else: undo this one
            raise DomainError("征集综述已送交协商，不能重复送交")
        campaign.consultation_id, campaign.consultation_input_id = consultation.pk, doc.pk
        record(
            action="participation.campaign.to_consultation",
            obj=campaign,
            by=by,
            data={"consultation": consultation.pk, "document": doc.pk},
        )
    return consultation


def summary_document(campaign: Campaign) -> OfficialDocument:
    committee = campaign.committee
    doc = OfficialDocument(issuer=f"{committee.name}办公室", issued_on=timezone.localdate())
    doc.title(f"“{campaign.title}”建言征集情况综述")
    counts = {
        s: Contribution.objects.filter(campaign=campaign, state=s).count() for s in (C.PUBLISHED, C.REJECTED)
    }
    doc.paragraph(
        f"本次征集自{campaign.starts_on:%Y年%m月%d日}至{campaign.ends_on:%Y年%m月%d日}，"
        f"面向{campaign.get_audience_display()}，共收到建议{sum(counts.values())}条，"
        f"审核公开{counts[C.PUBLISHED]}条。"
    )
    for paragraph in (p.strip() for p in campaign.summary.splitlines()):
        if paragraph:
            doc.paragraph(paragraph)
    doc.signature()
    return doc

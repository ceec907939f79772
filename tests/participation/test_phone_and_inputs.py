"""A verified phone on the public form where the committee requires it (SMS code through the
gateway interface, hashed, expiring, limited attempts and sends, nothing stored on failure), and a
closed campaign's summary sent on to a consultation as an input, once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.participation.test_campaigns import answer_for, open_campaign
from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations import config
from zhengxie.consultations.models import Consultation, Document, Step
from zhengxie.consultations.services import plans
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.participation.models import Campaign, Contribution, PhoneCode
from zhengxie.participation.services import campaigns as svc
from zhengxie.participation.services import micro as micro_svc
from zhengxie.participation.services import phone

pytestmark = pytest.mark.django_db
SENT: list[tuple[str, str, str]] = []


class RecordingSms:
    def send(self, phone: str, text: str, *, key: str) -> None:
        SENT.append((phone, text, key))


@pytest.fixture(autouse=True)
def _gateway(settings: Any) -> None:
    cache.clear()
    SENT.clear()
    settings.SMS_BACKEND = f"{__name__}.RecordingSms"


def _require(p: Personas) -> None:
    micro_svc.settings_update(
        committee_id=p.city.pk, by=p.proposal_staff, screen_days=3, answer_days=10, public_phone_verify=True
    )


def _post(client: Client, url: str, ip: str = "10.0.0.1", **fields: str) -> Any:
    token = client.get(url).context["token"]
    data = {"name": "张三", "phone": "13912345678", "body": "建议增设公交线路。", "token": token}
    data["answer"] = answer_for(token)
    data.update(fields)
    return client.post(url, data, REMOTE_ADDR=ip)


def _last_code() -> str:
    match = re.search(r"验证码为(\d{6})", SENT[-1][1])
    assert match
    return match.group(1)


def test_a_contribution_is_stored_only_with_a_verified_phone(client: Client, p: Personas) -> None:
    _require(p)
    campaign = open_campaign(p)
    url = reverse("participation:public_campaign", args=[p.city.code, campaign.pk])
    assert "获取短信验证码" in client.get(url).content.decode()
    # Without a code: refused, nothing stored.
    response = _post(client, url)
    assert response.status_code == 400 and "请先获取短信验证码" in response.content.decode()
    sent = _post(client, url, send_code="1")
    assert sent.status_code == 200 and "验证码已发送" in sent.content.decode()
    assert SENT[-1][0] == "13912345678" and SENT[-1][2].startswith("phone-code-")
    code = _last_code()
    row = PhoneCode.objects.get()
    assert code not in row.code_hash and row.expires_at <= timezone.now() + timedelta(minutes=10)
    wrong = _post(client, url, ip="10.0.0.2", code="000000" if code != "000000" else "111111")
    assert wrong.status_code == 400 and "短信验证码不正确" in wrong.content.decode()
    assert not Contribution.objects.exists()
    ok = _post(client, url, ip="10.0.0.3", code=code)
    assert ok.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.phone_verified and contribution.state == Contribution.State.PENDING
    # The code is spent: a second contribution needs a new one.
    with pytest.raises(DomainError, match="请先获取"):
        phone.contribute_verified(campaign=campaign, name="张三", phone="13912345678", body="再提", code=code)
    assert Contribution.objects.count() == 1


def test_codes_expire_and_attempts_and_sends_are_limited(p: Personas) -> None:
    _require(p)
    campaign = open_campaign(p)
    phone.send_code(campaign=campaign, phone="13912345678")
    code = _last_code()
    for _ in range(phone.MAX_ATTEMPTS):
        with pytest.raises(DomainError, match="不正确"):
            phone.contribute_verified(
                campaign=campaign, name="张三", phone="13912345678", body="建议", code="x"
            )
    with pytest.raises(DomainError, match="次数过多"):
        phone.contribute_verified(campaign=campaign, name="张三", phone="13912345678", body="建议", code=code)
    phone.send_code(campaign=campaign, phone="13912345678")
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError, match="请先获取"):
        phone.contribute_verified(
            campaign=campaign, name="张三", phone="13912345678", body="建议", code=_last_code()
        )
    phone.send_code(campaign=campaign, phone="13912345678")
    with pytest.raises(DomainError, match="过于频繁"):
        phone.send_code(campaign=campaign, phone="13912345678")
    assert len(SENT) == phone.CODES_PER_PHONE_PER_HOUR
    with pytest.raises(DomainError, match="11位"):
        phone.send_code(campaign=campaign, phone="12")
    # The plain path is closed while the committee requires a verified phone.
    with pytest.raises(DomainError, match="短信验证"):
        svc.contribute_as_resident(campaign=campaign, name="张三", phone="13912345678", body="建议")
    assert not Contribution.objects.exists()


def test_bad_input_with_a_right_code_stores_nothing_and_keeps_the_code(p: Personas) -> None:
    _require(p)
    campaign = open_campaign(p)
    phone.send_code(campaign=campaign, phone="13912345678")
    code = _last_code()
    with pytest.raises(DomainError, match="控制字符"):
        phone.contribute_verified(
            campaign=campaign, name="张三", phone="13912345678", body="建\x1b议", code=code
        )
    assert not Contribution.objects.exists() and PhoneCode.objects.get().used_at is None
    row = phone.contribute_verified(
        campaign=campaign, name="张三", phone="13912345678", body="建议", code=code
    )
    assert row.phone_verified


def _consultation(p: Personas) -> Consultation:
    return plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="推进城市更新",
        form=config.form_named(p.city.pk, "专题协商会"), meeting_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip


def test_the_summary_goes_to_a_chosen_consultation_once(client: Client, p: Personas) -> None:
    consultation = _consultation(p)
    campaign = open_campaign(p, audience="members")
    page_url = reverse("participation:campaign_to_consultation", args=[campaign.pk])
    with pytest.raises(DomainError, match="征集结束"):
        svc.campaign_to_consultation(
            campaign=campaign, by=p.proposal_staff, consultation_id=consultation.pk, source_url=""
        )
    svc.campaign_close(campaign=campaign, by=p.proposal_staff, summary="共收到建议二十条，集中在城市更新。")
    client.force_login(p.member_wang)
    assert client.get(page_url).status_code == 404
    with pytest.raises(NotAllowed):
        svc.campaign_to_consultation(
            campaign=campaign, by=p.member_wang, consultation_id=consultation.pk, source_url=""
        )
    client.force_login(p.proposal_staff)
    detail = client.get(reverse("participation:campaign_detail", args=[campaign.pk])).content.decode()
    assert page_url in detail
    page = client.get(page_url).content.decode()
    assert "推进城市更新" in page
    bad = client.post(page_url, {"consultation": "abc"})
    assert bad.status_code == 200 and "请选择本政协尚未归档的协商" in bad.content.decode()
    assert not Document.objects.exists()
    response = client.post(page_url, {"consultation": consultation.pk})
    assert response.status_code == 302
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.consultation_input_id is not None
    doc = Document.objects.get(pk=campaign.consultation_input_id)
    assert doc.consultation_id == consultation.pk == campaign.consultation_id
    assert doc.kind == Document.Kind.INPUT and "城市更新" in doc.body and "建言征集" in doc.source_label
    assert AuditEvent.objects.filter(action="participation.campaign.to_consultation").count() == 1
    assert (
        'data-testid="sent-to-consultation"'
        in client.get(reverse("participation:campaign_detail", args=[campaign.pk])).content.decode()
    )
    with pytest.raises(DomainError, match="不能重复"):
        svc.campaign_to_consultation(
            campaign=campaign, by=p.proposal_staff, consultation_id=consultation.pk, source_url=""
        )
    assert Document.objects.count() == 1


def test_an_archived_or_foreign_consultation_is_refused(p: Personas) -> None:
    consultation = _consultation(p)
    Consultation.objects.filter(pk=consultation.pk).update(state=Step.ARCHIVED)
    campaign = open_campaign(p)
    svc.campaign_close(campaign=campaign, by=p.proposal_staff, summary="综述")
    with pytest.raises(DomainError, match="尚未归档"):
        svc.campaign_to_consultation(
            campaign=campaign, by=p.proposal_staff, consultation_id=consultation.pk, source_url=""
        )
    assert not Document.objects.exists() and Campaign.objects.get(pk=campaign.pk).consultation_id is None

"""协助审查修改: a member asks the office to help with a proposal for an upper level's session,
the office answers with comments and an edited text, the member is told and reads both."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.helpers import bearer
from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.proposals.models import AssistRequest
from zhengxie.proposals.services import assist
from zhengxie.proposals.workbench import pending_items

TEXT = "全省农村公路养护资金缺口较大，建议省级财政提高补助标准并建立稳定的养护资金渠道。"


def _ask(p: Personas, **kw: Any) -> AssistRequest:
    values = {"upper_level": "省政协十三届三次会议", "title": "关于加强农村公路养护的建议", "text": TEXT}
    values.update(kw)
    return assist.assist_request(committee_id=p.city.pk, by=p.member_wang, **values)


def test_the_office_answers_and_the_member_is_told(
    p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    row = _ask(p)
    assert {i.label: i.count for i in pending_items(p.proposal_staff, p.city.pk)}["待协助审查修改的提案"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assist.assist_answer(
            row=row,
            by=p.proposal_staff,
            comments="建议补充近三年养护资金数据。",
            edited_text=TEXT + "（修改）",
        )
    row.refresh_from_db()
    assert row.state == "answered" and row.edited_text.endswith("（修改）")
    assert Notice.objects.filter(recipient=p.member_wang, key=f"proposals.assist.{row.pk}").exists()
    assert AuditEvent.objects.filter(action="proposals.assist.answered").exists()
    with pytest.raises(DomainError, match="已反馈"):
        assist.assist_answer(row=row, by=p.proposal_staff, comments="再次反馈的意见内容")


def test_wrong_role_and_bad_input_store_nothing(p: Personas) -> None:
    with pytest.raises(DomainError, match="至少20个字"):
        _ask(p, text="太短")
    with pytest.raises(DomainError, match="上级政协会议"):
        _ask(p, upper_level=" ")
    with pytest.raises(NotAllowed):
        assist.assist_request(
            committee_id=p.city.pk, by=p.unit_clerk, upper_level="省政协", title="x", text=TEXT
        )
    assert not AssistRequest.objects.exists()
    row = _ask(p)
    with pytest.raises(NotAllowed):
        assist.assist_answer(row=row, by=p.member_wang, comments="自己给自己的意见")
    with pytest.raises(DomainError, match="至少5个字"):
        assist.assist_answer(row=row, by=p.proposal_staff, comments="好")


def test_the_pages(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    bad = client.post(reverse("proposals:assist_mine"), {"upper_level": "省政协", "title": "x", "text": "短"})
    assert bad.status_code == 400 and "至少20个字" in bad.content.decode()
    data = {"upper_level": "省政协十三届三次会议", "title": "关于加强农村公路养护的建议", "text": TEXT}
    assert client.post(reverse("proposals:assist_mine"), data).status_code == 302
    row = AssistRequest.objects.get()
    url = reverse("proposals:assist_detail", args=[row.pk])
    assert "待办理" in client.get(url).content.decode()
    assert client.post(url, {"comments": "自己反馈自己"}).status_code == 404
    client.force_login(p.proposal_staff)
    assert row.title in client.get(reverse("proposals:assist_office")).content.decode()
    assert client.post(url, {"comments": "建议补充数据。", "edited_text": TEXT}).status_code == 302
    client.force_login(p.member_wang)
    assert 'data-testid="assist-answer"' in client.get(url).content.decode()
    for who in (p.unit_clerk, p.county_b_staff):
        client.force_login(who)
        assert client.get(url).status_code == 404
    assert client.get(reverse("proposals:assist_office")).status_code == 200  # 乙县's own (empty) queue
    client.force_login(p.unit_clerk)
    assert client.get(reverse("proposals:assist_office")).status_code == 404


def test_the_api_for_members(client: Client, p: Personas) -> None:
    auth = bearer(p.member_wang)
    body = {
        "committee": p.city.pk,
        "upper_level": "省政协十三届三次会议",
        "title": "关于农村公路的建议",
        "text": TEXT,
    }
    created = client.post("/api/v1/proposals/assist", body, content_type="application/json", headers=auth)
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert client.get(f"/api/v1/proposals/assist/{rid}", headers=auth).json()["state_label"] == "待办理"
    listed = client.get("/api/v1/proposals/assist", {"committee": p.city.pk}, headers=auth).json()
    assert [r["id"] for r in listed] == [rid]
    short = client.post(
        "/api/v1/proposals/assist", {**body, "text": "短"}, content_type="application/json", headers=auth
    )
    assert short.status_code == 400 and "至少20个字" in short.json()["message"]
    assert client.get(f"/api/v1/proposals/assist/{rid}", headers=bearer(p.proposal_staff)).status_code == 404


def test_the_lists_query_counts_do_not_grow(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for i in range(n):
            _ask(p, title=f"关于第{i}件的建议")

    client.force_login(p.proposal_staff)
    same_for_few_and_many(client, reverse("proposals:assist_office"), add)
    client.force_login(p.member_wang)
    same_for_few_and_many(client, reverse("proposals:assist_mine"), add)

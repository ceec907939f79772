"""Numbered publications: an issue of 《建言资政》 collects articles (a consultation outcome, a
plenary speech, text of its own), is numbered 第N期 when sent to named leaders, and carries the
leaders' instructions; the 协商专报 series numbers on its own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.publications import services
from zhengxie.publications.models import Issue, IssueInstruction, IssueItem, Series

pytestmark = pytest.mark.django_db
BODY = "建议一。\n建议二。"


def _series(p: Personas, name: str = "建言资政") -> Series:
    return next(s for s in services.series_for(p.city.pk) if s.name == name)


def _issue(p: Personas, series: Series | None = None, title: str = "关于优化营商环境的建议") -> Issue:
    issue = services.issue_create(series=series or _series(p), by=p.activity_staff, title=title)
    services.item_add(issue=issue, by=p.activity_staff, title=title, author="经济委员会", body=BODY)
    return issue


def test_issues_are_numbered_in_order_per_series_and_year(p: Personas) -> None:
    first, second = _issue(p), _issue(p, title="第二篇")
    special = _issue(p, series=_series(p, "协商专报"))
    services.issue_send(issue=second, by=p.activity_staff, recipients="市委书记、市长")
    services.issue_send(issue=first, by=p.activity_staff, recipients="市长")
    services.issue_send(issue=special, by=p.activity_staff, recipients="市委书记")
    assert [(i.pk, i.number) for i in Issue.objects.filter(series=_series(p)).order_by("number")] == [
        (second.pk, 1),
        (first.pk, 2),
    ]
    assert Issue.objects.get(pk=special.pk).number == 1
    assert str(Issue.objects.get(pk=first.pk)) == f"《建言资政》{timezone.localdate().year}年第2期"


def test_a_number_taken_meanwhile_is_skipped_not_duplicated(
    p: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two offices send at once: the one that read the number before the other wrote it is
    refused by the constraint and takes the next number."""
    issue, rival = _issue(p), _issue(p, title="另一期")
    services.issue_send(issue=rival, by=p.activity_staff, recipients="市长")
    real = services.next_number
    stale = iter([1])  # what this office read before the rival's issue was written

    def racing(series: Series, year: int) -> int:
        return next(stale, None) or real(series, year)

    monkeypatch.setattr(services, "next_number", racing)
    services.issue_send(issue=issue, by=p.activity_staff, recipients="市委书记")
    assert Issue.objects.get(pk=rival.pk).number == 1
    assert Issue.objects.get(pk=issue.pk).number == 2
    with pytest.raises(IntegrityError):
        Issue.objects.filter(pk=issue.pk).update(number=1)


def test_sent_issue_is_final_and_carries_instructions(p: Personas) -> None:
    issue = _issue(p)
    with pytest.raises(DomainError, match="尚未报送"):
        services.instruction_record(
            issue=issue, by=p.activity_staff, leader_name="市长", text="同意", given_on=timezone.localdate()
        )
    services.issue_send(issue=issue, by=p.activity_staff, recipients="市长")
    with pytest.raises(DomainError, match="已报送"):
        services.item_add(issue=issue, by=p.activity_staff, title="再加", body=BODY)
    with pytest.raises(DomainError, match="不能执行此操作"):
        services.issue_send(issue=issue, by=p.activity_staff, recipients="市长")
    services.instruction_record(
        issue=issue,
        by=p.activity_staff,
        leader_name="市长",
        text="请发改委研究落实",
        given_on=timezone.localdate(),
    )
    assert IssueInstruction.objects.get().leader_name == "市长"


def test_bad_input_is_refused_and_nothing_stored(p: Personas) -> None:
    issue = services.issue_create(series=_series(p), by=p.activity_staff, title="空的一期")
    with pytest.raises(DomainError, match="没有文章"):
        services.issue_send(issue=issue, by=p.activity_staff, recipients="市长")
    with pytest.raises(DomainError, match=r"请填写标题.*请填写正文"):
        services.item_add(issue=issue, by=p.activity_staff, title=" ", body="")
    with pytest.raises(DomainError, match="报送领导"):
        services.issue_send(issue=issue, by=p.activity_staff, recipients=" ")
    assert not IssueItem.objects.exists()
    issue = _issue(p)
    services.issue_send(issue=issue, by=p.activity_staff, recipients="市长")
    with pytest.raises(DomainError, match="晚于今天"):
        services.instruction_record(
            issue=issue, by=p.activity_staff, leader_name="市长", text="同意",
            given_on=timezone.localdate() + timedelta(days=1),
        )  # fmt: skip
    assert Issue.objects.get(pk=issue.pk).number == 1


def test_only_activity_staff_edit(p: Personas) -> None:
    with pytest.raises(NotAllowed):
        services.issue_create(series=_series(p), by=p.leader, title="领导不编刊物")


def test_pages_staff_send_with_number_and_others_get_404(client: Client, p: Personas) -> None:
    issue = _issue(p)
    client.force_login(p.activity_staff)
    assert "待编号报送的刊物" in client.get("/").content.decode()
    response = client.post(
        reverse("publications:issue_send", args=[issue.pk]), {"recipients": "市委书记、市长"}
    )
    assert response.status_code == 302
    page = client.get(reverse("publications:issue_detail", args=[issue.pk])).content.decode()
    assert "《建言资政》" in page and "年第1期" in page
    docx = client.get(reverse("publications:issue_docx", args=[issue.pk]))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(p.leader)
    assert client.get(reverse("publications:issue_detail", args=[issue.pk])).status_code == 200
    assert (
        client.post(reverse("publications:issue_send", args=[issue.pk]), {"recipients": "x"}).status_code
        == 404
    )
    for user in (p.member_wang, p.county_b_staff, p.proposal_staff):
        client.force_login(user)
        assert client.get(reverse("publications:index")).status_code == 404
        assert client.get(reverse("publications:issue_detail", args=[issue.pk])).status_code == 404


def test_issue_list_and_detail_queries_do_not_grow(client: Client, p: Personas) -> None:
    client.force_login(p.activity_staff)
    same_for_few_and_many(client, reverse("publications:index"), lambda n: [_issue(p) for _ in range(n)])
    issue = services.issue_create(series=_series(p), by=p.activity_staff, title="多篇")

    def add(n: int) -> None:
        for i in range(n):
            services.item_add(issue=issue, by=p.activity_staff, title=f"文章{i}", body=BODY)

    same_for_few_and_many(client, reverse("publications:issue_detail", args=[issue.pk]), add)

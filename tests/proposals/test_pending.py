"""The home page's proposal items: a 会办 unit is asked (notice) to co-sign the lead's reply and
its 待会签 item opens exactly that share; staff are told a reply waits for review; a unit's
待签收 count is the list it opens."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.personas import Personas
from zhengxie.notices.models import Notice
from zhengxie.org.models import HandlingUnit
from zhengxie.proposals.models import HandlingMode
from zhengxie.proposals.services import assignment as handling
from zhengxie.proposals.services import replies

from .helpers import assigned, assignment_of, fresh_assignment, fresh_reply, submitted_reply


def _items(client: Client) -> dict[str, Any]:
    return {item.label: item for item in client.get("/").context["pending"]}


def _opened(client: Client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200
    return [row.pk for row in response.context["page"].items]


def test_a_co_unit_is_asked_to_cosign_and_its_item_opens_that_share(
    client: Client,
    p: Personas,
    edu_unit: HandlingUnit,
    edu_clerk: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    proposal = assigned(p, HandlingMode.JOINT, units=[p.unit], co_units=[edu_unit])
    lead = assignment_of(proposal, p.unit)
    share = assignment_of(proposal, edu_unit)
    handling.assignment_sign(assignment=lead, by=p.unit_clerk)
    handling.assignment_sign(assignment=share, by=edu_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        reply = submitted_reply(p, fresh_assignment(lead))
    notice = Notice.objects.get(recipient=edu_clerk, title__startswith="提案答复待会签")
    assert notice.url == f"/proposals/unit/assignments/{share.pk}/"
    client.force_login(edu_clerk)
    assert client.get(notice.url).status_code == 200
    item = _items(client)["待会签的提案答复"]
    assert item.count == 1 and _opened(client, item.url) == [share.pk]
    with django_capture_on_commit_callbacks(execute=True):
        replies.reply_cosign(reply=fresh_reply(reply), by=edu_clerk)
    assert "待会签的提案答复" not in _items(client)
    # The last co-signature sends it for review: staff are told.
    assert Notice.objects.filter(recipient=p.proposal_staff, title__startswith="提案答复待审核").exists()


def test_to_sign_counts_the_list_it_opens(client: Client, p: Personas) -> None:
    first = assigned(p, HandlingMode.LEAD, units=[p.unit])
    second = assigned(p, HandlingMode.LEAD, units=[p.unit])
    handling.objection_raise(
        assignment=assignment_of(second, p.unit),
        by=p.unit_clerk,
        reason="不属于本单位职责范围，应由其他单位办理",
    )
    client.force_login(p.unit_clerk)
    item = _items(client)["待签收的提案"]
    assert item.count == 1
    assert _opened(client, item.url) == [assignment_of(first, p.unit).pk]


def test_a_returned_reply_waits_for_the_unit_and_its_item_opens_that_share(
    client: Client, p: Personas
) -> None:
    proposal = assigned(p, HandlingMode.LEAD, units=[p.unit])
    share = assignment_of(proposal, p.unit)
    handling.assignment_sign(assignment=share, by=p.unit_clerk)
    reply = submitted_reply(p, fresh_assignment(share))
    replies.reply_review(
        reply=fresh_reply(reply), by=p.proposal_staff, approve=False, comment="请补充办理措施"
    )
    client.force_login(p.unit_clerk)
    item = _items(client)["答复被退回待修改的提案"]
    assert item.count == 1 and item.urgent
    assert _opened(client, item.url) == [share.pk]

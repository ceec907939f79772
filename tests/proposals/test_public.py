"""The public page of released replies: no login, only closed and consented proposals' released
replies, no personal data, keyset pages with a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.factories import closed_proposal, replied_proposal
from zhengxie.proposals.models import PublicScope
from zhengxie.proposals.public_views import redact

SECRET_TEXT = "经研究已落实。王建国委员可致电13912345678或0571-87654321，身份证11010519491231002X。"


def url(p: Personas) -> str:
    return reverse("proposals:public_list", args=[p.city.code])


def test_anyone_sees_released_replies_of_closed_consented_proposals(client: Client, p: Personas) -> None:
    closed_proposal(p, title="关于全文公开的建议")
    closed_proposal(
        p, title="关于摘要公开的建议", public_scope=PublicScope.SUMMARY, summary="摘要：已列入计划"
    )
    closed_proposal(p, title="关于不公开的建议", public_scope=PublicScope.NONE)
    closed_proposal(p, title="关于不同意公开的建议", consent_publish=False)
    replied_proposal(p, title="关于尚未办结的建议")
    response = client.get(url(p))
    assert response.status_code == 200
    titles = [r["title"] for r in response.context["rows"]]
    assert titles == ["关于摘要公开的建议", "关于全文公开的建议"]
    body = response.content.decode()
    assert "摘要：已列入计划" in body and "资金分摊指引" in body and "市住房和城乡建设局" in body


def test_no_personal_data_appears(client: Client, p: Personas) -> None:
    closed_proposal(p, reply_text=SECRET_TEXT)
    body = client.get(url(p)).content.decode()
    for personal in ("王建国", "13912345678", "0571-87654321", "11010519491231002X", "李科长", "张局长"):
        assert personal not in body, personal
    assert "经研究已落实" in body


def test_redaction_keeps_ordinary_numbers() -> None:
    assert redact("投入资金3000000元，共2026户", []) == "投入资金3000000元，共2026户"
    assert redact("电话13812345678", []) == "电话＊＊＊"


def test_unknown_committee_is_404(client: Client, p: Personas) -> None:
    assert client.get(reverse("proposals:public_list", args=["NOPE"])).status_code == 404


def test_pages_by_keyset_with_the_same_queries_for_2_and_50(client: Client, p: Personas) -> None:
    def count() -> int:
        client.get(url(p))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(p)).status_code == 200
        return len(captured.captured_queries)

    for i in range(2):
        closed_proposal(p, title=f"关于第{i}项的建议")
    few = count()
    for i in range(48):
        closed_proposal(p, title=f"关于第{i + 2}项的建议")
    assert count() == few
    first = client.get(url(p)).context
    assert len(first["rows"]) == 20 and first["page"].next_after is not None
    second = client.get(url(p) + f"?after={first['page'].next_after}").context
    assert not {r["number"] for r in first["rows"]} & {r["number"] for r in second["rows"]}

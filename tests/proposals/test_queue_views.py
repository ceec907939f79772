"""The proposal staff's pages: queue, review page, rules, quota, the detail page's review panel,
the home page's pending counts, and their fixed query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.lib.errors import DomainError
from zhengxie.lib.text import terms_text
from zhengxie.org.models import Term
from zhengxie.proposals import review_views
from zhengxie.proposals.config import settings_for, settings_update
from zhengxie.proposals.models import Proposal, ProposerKind, ReviewNote
from zhengxie.proposals.services import review
from zhengxie.proposals.workbench import pending_items
from zhengxie.search.index import reindex

P = Proposal.State
ELEVATOR = "关于加快老旧小区加装电梯的建议"


def make(p: Personas, title: str = ELEVATOR, *, state: str = P.SUBMITTED, **extra: Any) -> Proposal:
    values: dict[str, Any] = {
        "committee": p.city,
        "term": Term.objects.get(committee=p.city),
        "year": timezone.localdate().year,
        "proposer": p.member_wang_record,
        "proposer_name": "王建国",
        "title": title,
        "situation": "老旧小区住宅楼多数没有电梯，加装电梯审批环节多。",
        "suggestion": "简化审批，出台资金分摊指引。",
        "category": "社会建设",
        "state": state,
        "created_by": p.member_wang,
        "submitted_at": timezone.now(),
    }
    values.update(extra)
    values["terms"] = terms_text(values["title"], values["situation"], values["suggestion"])
    created = Proposal.objects.create(**values)
    reindex("proposal", created.pk)  # written around the services, indexed as they would
    return created


# Who may open the pages


@pytest.mark.parametrize("who", ["proposal_staff", "leader"])
def test_office_opens_the_queue_and_the_review_page(client: Client, p: Personas, who: str) -> None:
    proposal = make(p)
    client.force_login(getattr(p, who))
    response = client.get(reverse("proposals:queue"))
    assert response.status_code == 200 and ELEVATOR in response.content.decode()
    assert client.get(reverse("proposals:review", args=[proposal.pk])).status_code == 200
    assert client.get(reverse("proposals:settings")).status_code == 200
    assert client.get(reverse("proposals:quota")).status_code == 200


@pytest.mark.parametrize("who", ["member_wang", "unit_clerk"])
def test_members_and_units_get_404(client: Client, p: Personas, who: str) -> None:
    proposal = make(p)
    client.force_login(getattr(p, who))
    for url in (
        reverse("proposals:queue"),
        reverse("proposals:review", args=[proposal.pk]),
        reverse("proposals:settings"),
        reverse("proposals:quota"),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("proposals:review_act", args=[proposal.pk, "pass"]), {"pass-comment": ""})
    assert response.status_code == 404
    response = client.post(reverse("proposals:queue_batch"), {"action": "file", "proposals": [proposal.pk]})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED


def test_another_committees_staff_see_only_their_own(client: Client, p: Personas) -> None:
    proposal = make(p)
    client.force_login(p.county_b_staff)
    response = client.get(reverse("proposals:queue"))
    assert response.status_code == 200 and response.context["page"].items == []
    assert client.get(reverse("proposals:review", args=[proposal.pk])).status_code == 404
    act = reverse("proposals:review_act", args=[proposal.pk, "pass"])
    assert client.post(act, {"pass-comment": ""}).status_code == 404
    client.post(
        reverse("proposals:queue_batch"),
        {"action": "categorise", "category": "文化建设", "proposals": [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED and proposal.category == "社会建设"


def test_leaders_read_but_do_not_decide(client: Client, p: Personas) -> None:
    proposal = make(p)
    client.force_login(p.leader)
    page = client.get(reverse("proposals:review", args=[proposal.pk])).content.decode()
    assert 'data-testid="review-actions"' not in page
    assert client.post(reverse("proposals:review_act", args=[proposal.pk, "pass"])).status_code == 404
    assert client.post(reverse("proposals:settings"), {}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED


# The queue


def test_queue_filters_by_stage_kind_plenary_and_title(client: Client, p: Personas) -> None:
    first = make(p, "关于第一环节的建议")
    second = make(p, "关于第二环节的建议", state=P.REVIEWING, review_stage=1, is_plenary=True)
    make(p, "关于集体提案的建议", kind=ProposerKind.SECTOR, sector=p.sector)
    make(p, "关于已立案的建议", state=P.FILED, number="1-0-0001")
    make(p, "关于草稿的建议", state=P.DRAFT)
    client.force_login(p.proposal_staff)

    def titles(**params: Any) -> list[str]:
        return [x.title for x in client.get(reverse("proposals:queue"), params).context["page"].items]

    assert set(titles()) == {"关于第一环节的建议", "关于第二环节的建议", "关于集体提案的建议"}
    assert titles(stage=1) == [second.title]
    assert titles(plenary="0", kind=ProposerKind.MEMBER) == [first.title]
    assert titles(state=P.FILED) == ["关于已立案的建议"]
    assert "关于草稿的建议" not in titles(state="")
    assert titles(q="第二") == [second.title]
    # Bad filter input falls back to the default view instead of failing.
    assert client.get(reverse("proposals:queue"), {"year": "abc", "stage": "x"}).status_code == 200


def test_batch_filing_from_the_queue(client: Client, p: Personas) -> None:
    ready = [make(p, f"关于第{i}件的建议", state=P.REVIEWING, review_stage=1) for i in range(2)]
    client.force_login(p.proposal_staff)
    response = client.post(
        reverse("proposals:queue_batch"), {"action": "file", "proposals": [x.pk for x in ready]}, follow=True
    )
    assert "已立案 2 件" in response.content.decode()
    assert Proposal.objects.filter(state=P.FILED).count() == 2


def test_a_blocked_batch_names_the_proposal_and_changes_nothing(client: Client, p: Personas) -> None:
    ready = make(p, "关于已审完的建议", state=P.REVIEWING, review_stage=1)
    early = make(p, "关于刚提交的建议")
    client.force_login(p.proposal_staff)
    response = client.post(
        reverse("proposals:queue_batch"), {"action": "file", "proposals": [ready.pk, early.pk]}, follow=True
    )
    page = response.content.decode()
    assert "关于刚提交的建议" in page and "未处理任何提案" in page
    assert not Proposal.objects.filter(state=P.FILED).exists()


def test_batch_categorising_from_the_queue(client: Client, p: Personas) -> None:
    rows = [make(p, f"关于第{i}件的建议") for i in range(2)]
    client.force_login(p.proposal_staff)
    client.post(
        reverse("proposals:queue_batch"),
        {"action": "categorise", "category": "文化建设", "proposals": [x.pk for x in rows]},
    )
    assert set(Proposal.objects.values_list("category", flat=True)) == {"文化建设"}
    response = client.post(
        reverse("proposals:queue_batch"), {"action": "categorise", "proposals": [rows[0].pk]}, follow=True
    )
    assert "请选择要设置的分类" in response.content.decode()


def test_batch_ignores_other_committees_proposals(client: Client, p: Personas) -> None:
    theirs = make(p, committee=p.county_b, term=Term.objects.filter(committee=p.county_b).first())
    client.force_login(p.proposal_staff)
    response = client.post(
        reverse("proposals:queue_batch"), {"action": "file", "proposals": [theirs.pk]}, follow=True
    )
    assert "请先勾选提案" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.state == P.SUBMITTED


# The review page


def test_review_page_shows_text_similar_proposals_and_the_stage_forms(client: Client, p: Personas) -> None:
    proposal = make(p)
    twin = make(p, "关于老旧小区加装电梯资金分摊的建议")
    make(p, "关于发展乡村旅游的建议", situation="乡村民宿缺少规划。", suggestion="编制旅游规划。")
    client.force_login(p.proposal_staff)
    response = client.get(reverse("proposals:review", args=[proposal.pk]))
    similar = [hit for hit, _ in response.context["similar"]]
    assert similar == [twin]
    page = response.content.decode()
    assert "简化审批" in page and "审查通过，转下一环节" in page and "并案" in page


def test_staff_pass_return_and_file_from_the_review_page(client: Client, p: Personas) -> None:
    proposal = make(p)
    client.force_login(p.proposal_staff)
    url = reverse("proposals:review_act", args=[proposal.pk, "pass"])
    assert client.post(url, {"pass-comment": "同意"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == P.REVIEWING and proposal.review_stage == 1
    response = client.post(
        reverse("proposals:review_act", args=[proposal.pk, "file"]),
        {"file-category": "经济建设", "file-suggested_units": [p.unit.pk]},
        follow=True,
    )
    proposal.refresh_from_db()
    assert proposal.state == P.FILED and proposal.number.endswith("-0001")
    assert f"提案号 {proposal.number}" in response.content.decode()


def test_returning_without_a_comment_is_refused_with_a_message(client: Client, p: Personas) -> None:
    proposal = make(p)
    client.force_login(p.proposal_staff)
    response = client.post(
        reverse("proposals:review_act", args=[proposal.pk, "return"]), {"return-comment": ""}
    )
    assert response.status_code == 400 and "请填写退回意见" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED and not ReviewNote.objects.exists()


def test_filing_too_early_shows_the_services_message(client: Client, p: Personas) -> None:
    proposal = make(p)
    client.force_login(p.proposal_staff)
    response = client.post(
        reverse("proposals:review_act", args=[proposal.pk, "file"]), {"file-category": "经济建设"}
    )
    assert response.status_code == 400 and "须经全部审查环节后才能立案" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == P.SUBMITTED


def test_not_filing_and_merging_from_the_review_page(client: Client, p: Personas) -> None:
    primary = make(p)
    twin = make(p, "关于老旧小区加装电梯资金分摊的建议")
    other = make(p, "关于学术问题的建议", situation="学术研讨。", suggestion="开研讨会。")
    client.force_login(p.proposal_staff)
    client.post(reverse("proposals:review_act", args=[primary.pk, "merge"]), {"merge-secondaries": [twin.pk]})
    twin.refresh_from_db()
    assert twin.state == P.MERGED and twin.merged_into == primary
    client.post(
        reverse("proposals:review_act", args=[other.pk, "not_file"]),
        {"not_file-reason": "属于学术研讨的", "not_file-destination": "reference"},
    )
    other.refresh_from_db()
    assert other.state == P.NOT_FILED and other.destination == "reference"
    page = client.get(reverse("proposals:review", args=[twin.pk])).content.decode()
    assert primary.title in page


def test_unknown_action_is_404(client: Client, p: Personas) -> None:
    proposal = make(p)
    client.force_login(p.proposal_staff)
    assert client.post(reverse("proposals:review_act", args=[proposal.pk, "delete"])).status_code == 404


# Rules and quota


def test_staff_change_the_committees_rules(client: Client, p: Personas) -> None:
    client.force_login(p.proposal_staff)
    form = client.get(reverse("proposals:settings")).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data = {k: v for k, v in data.items() if v is not False}
    data["review_stages"] = "初审\n复审\n终审"
    assert client.post(reverse("proposals:settings"), data).status_code == 302
    assert settings_for(p.city.pk).review_stages == ["初审", "复审", "终审"]
    data["categories"] = "  "
    data["reply_months"] = 7
    response = client.post(reverse("proposals:settings"), data)
    assert response.status_code == 400
    assert settings_for(p.city.pk).reply_months == 3


def test_quota_page_marks_those_short_of_collective_proposals(client: Client, p: Personas) -> None:
    make(p, "关于界别提案的建议", kind=ProposerKind.SECTOR, sector=p.sector)
    make(p, "关于撤回的界别提案的建议", kind=ProposerKind.SECTOR, sector=p.sector, state=P.WITHDRAWN)
    client.force_login(p.proposal_staff)
    rows = client.get(reverse("proposals:quota")).context["rows"]
    mine = [r for r in rows if r["name"] == p.sector.name]
    assert mine == [{"group": "界别", "name": p.sector.name, "count": 1, "short": False}]
    assert all(r["short"] for r in rows if r["name"] != p.sector.name)


def test_quota_counts_member_groups_and_township_liaison_groups(client: Client, p: Personas) -> None:
    groups = ["第一委员小组", "城关镇联络组"]
    settings_update(committee_id=p.city.pk, by=p.proposal_staff, values={"quota_groups": groups})
    make(p, "关于小组提案的建议", kind=ProposerKind.MEMBER_GROUP, group_name="城关镇联络组")
    make(p, "关于另一小组提案的建议", kind=ProposerKind.MEMBER_GROUP, group_name="临时小组")
    client.force_login(p.proposal_staff)
    rows = {r["name"]: r for r in client.get(reverse("proposals:quota")).context["rows"]}
    assert rows["城关镇联络组"]["count"] == 1 and not rows["城关镇联络组"]["short"]
    assert rows["第一委员小组"]["count"] == 0 and rows["第一委员小组"]["short"]
    assert rows["临时小组"]["count"] == 1 and not rows["临时小组"]["short"]  # shown, owes nothing
    with pytest.raises(DomainError, match="不能重复"):
        settings_update(committee_id=p.city.pk, by=p.proposal_staff, values={"quota_groups": ["甲", "甲"]})
    assert settings_for(p.city.pk).quota_groups == groups


# The detail page's panel and the home page


def test_panel_shows_the_proposer_only_the_decisions_that_concern_him(p: Personas) -> None:
    proposal = make(p)
    review.review_pass_stage(proposal=proposal, by=p.proposal_staff, comment="内部意见")
    review.review_return(proposal=proposal, by=p.proposal_staff, comment="请补充测算")
    request = RequestFactory().get("/")
    request.user = p.member_wang
    context = review_views.panel(request, proposal)
    assert [n.outcome for n in context["review_notes"]] == ["退回修改"] and context["review_url"] == ""
    request.user = p.proposal_staff
    context = review_views.panel(request, proposal)
    assert len(context["review_notes"]) == 2 and context["review_url"]


def test_home_page_counts_proposals_waiting_per_stage(p: Personas) -> None:
    make(p)
    make(p)
    make(p, state=P.REVIEWING, review_stage=1)
    items = pending_items(p.proposal_staff, p.city.pk)
    assert [(i.label, i.count) for i in items] == [("待初审的提案", 2), ("待复审的提案", 1)]
    assert pending_items(p.leader, p.city.pk) == []


# Query counts


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm up: the session and the committee's rules
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_queue_query_count_does_not_grow(client: Client, p: Personas) -> None:
    client.force_login(p.proposal_staff)
    url = reverse("proposals:queue")
    for i in range(2):
        make(p, f"关于第{i}件的建议")
    few = _queries(client, url)
    for i in range(48):
        make(p, f"关于第{i + 2}件的建议", is_plenary=bool(i % 2))
    many = _queries(client, url)
    assert few == many, f"{few} queries for 2 rows, {many} for 50"
    assert len(client.get(url).context["page"].items) == 20


def test_the_workbench_query_count_is_fixed(p: Personas) -> None:
    make(p)
    pending_items(p.proposal_staff, p.city.pk)  # warm up: the roles and the committee's rules
    with CaptureQueriesContext(connection) as captured:
        pending_items(p.proposal_staff, p.city.pk)
    few = len(captured.captured_queries)
    for _ in range(10):
        make(p, state=P.REVIEWING, review_stage=1)
    with CaptureQueriesContext(connection) as captured:
        pending_items(p.proposal_staff, p.city.pk)
    assert len(captured.captured_queries) == few


def test_staff_select_a_key_proposal_from_the_review_page(client: Client, p: Personas) -> None:
    proposal = make(p, state=P.FILED, number="1-0-0001", serial=1)
    client.force_login(p.proposal_staff)
    url = reverse("proposals:review_act", args=[proposal.pk, "key"])
    response = client.post(url, {})
    assert response.status_code == 400 and "请选择领衔督办的领导" in response.content.decode()
    assert client.post(url, {"key-leader": p.leader.pk}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.is_key and proposal.key_leader == p.leader


def test_the_review_panel_renders_for_the_detail_page(p: Personas) -> None:
    primary = make(p)
    twin = make(p, "关于老旧小区加装电梯资金分摊的建议")
    review.review_merge(primary=primary, secondaries=[twin], by=p.proposal_staff)
    request = RequestFactory().get("/")
    request.user = p.member_wang
    html = render_to_string("proposals/_panel_review.html", review_views.panel(request, twin))
    assert "已并入《" in html and primary.title in html and "进入审查" not in html
    request.user = p.proposal_staff
    html = render_to_string("proposals/_panel_review.html", review_views.panel(request, primary))
    assert twin.title in html and "进入审查" in html and "正在初审" in html


def test_the_review_page_query_count_does_not_grow_with_its_history(client: Client, p: Personas) -> None:
    proposal = make(p)
    client.force_login(p.proposal_staff)
    url = reverse("proposals:review", args=[proposal.pk])

    def add_notes(n: int) -> None:
        for i in range(n):
            ReviewNote.objects.create(
                committee=p.city,
                proposal=proposal,
                stage="初审",
                outcome="意见",
                comment=f"第{i}条",
                by=p.proposal_staff,
            )
            make(p, f"关于老旧小区加装电梯第{i}批的建议")

    add_notes(2)
    few = _queries(client, url)
    add_notes(18)
    many = _queries(client, url)
    assert few == many, f"{few} queries with 2 notes, {many} with 20"

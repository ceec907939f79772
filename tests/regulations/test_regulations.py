"""The regulations library: a rule enters with its first version, revisions add versions, the
yearly count shows new and revised rules, a repealed rule leaves the current list; every role
of the committee reads it, only activity staff change it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.org.models import Committee
from zhengxie.regulations import selectors, services
from zhengxie.regulations.models import Regulation, Version

pytestmark = pytest.mark.django_db
TEXT = "第一条 为规范工作，制定本办法。"


def _rule(p: Personas, title: str = "协商工作规则", adopted: date = date(2025, 3, 1)) -> Regulation:
    return services.regulation_create(
        committee_id=p.city.pk, by=p.activity_staff, title=title, category="consultation", adopted_on=adopted,
        effective_on=adopted + timedelta(days=10), text=TEXT, doc_number="市政协发〔2025〕1号",
    )  # fmt: skip


def test_revisions_add_versions_and_the_year_counts_new_and_revised(p: Personas) -> None:
    rule = _rule(p)
    _rule(p, "全体会议工作规则", date(2026, 1, 5))
    services.regulation_revise(
        regulation=rule, by=p.activity_staff, adopted_on=date(2026, 2, 1), effective_on=date(2026, 3, 1),
        text=TEXT + "第二条 新增。", note="根据新规定修订",
    )  # fmt: skip
    assert list(Version.objects.filter(regulation=rule).values_list("number", "kind")) == [
        (2, "revised"),
        (1, "new"),
    ]
    counts = {c["year"]: (c["new"], c["revised"]) for c in selectors.yearly_counts(p.city.pk)}
    assert counts == {2026: (1, 1), 2025: (1, 0)}
    current = selectors.regulations(p.city.pk).get(pk=rule.pk)
    assert (current.current_number, current.effective_on) == (2, date(2026, 3, 1))  # type: ignore[attr-defined]


def test_bad_input_and_wrong_state_are_refused(p: Personas) -> None:
    with pytest.raises(DomainError, match="施行日期不能早于通过日期"):
        services.regulation_create(
            committee_id=p.city.pk, by=p.activity_staff, title="某办法", category="office",
            adopted_on=date(2026, 3, 1), effective_on=date(2026, 2, 1), text=TEXT,
        )  # fmt: skip
    assert not Regulation.objects.exists()
    rule = _rule(p)
    with pytest.raises(DomainError, match="已有"):
        _rule(p)
    with pytest.raises(DomainError, match="请填写修订说明"):
        services.regulation_revise(
            regulation=rule, by=p.activity_staff, adopted_on=date(2026, 1, 1), effective_on=date(2026, 1, 1),
            text=TEXT, note="",
        )  # fmt: skip
    services.regulation_repeal(regulation=rule, by=p.activity_staff, repealed_on=date(2026, 6, 1))
    with pytest.raises(DomainError, match="已废止"):
        services.regulation_revise(
            regulation=rule, by=p.activity_staff, adopted_on=date(2026, 7, 1), effective_on=date(2026, 7, 1),
            text=TEXT, note="再修订",
        )  # fmt: skip
    assert not selectors.regulations(p.city.pk).exists()
    assert selectors.regulations(p.city.pk, repealed=True).count() == 1


def test_only_activity_staff_change_the_library(p: Personas) -> None:
    with pytest.raises(NotAllowed):
        _rule_by(p, p.member_wang)


def _rule_by(p: Personas, user: Any) -> Regulation:
    return services.regulation_create(
        committee_id=p.city.pk, by=user, title="某办法", category="office", adopted_on=date(2026, 1, 1),
        effective_on=date(2026, 1, 1), text=TEXT,
    )  # fmt: skip


def test_pages_members_read_staff_revise_others_404(client: Client, p: Personas) -> None:
    rule = _rule(p)
    client.force_login(p.member_wang)
    assert "协商工作规则" in client.get(reverse("regulations:index")).content.decode()
    assert client.get(reverse("regulations:detail", args=[rule.pk])).status_code == 200
    assert client.get(reverse("regulations:revise", args=[rule.pk])).status_code == 404
    assert client.get(reverse("regulations:create")).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(reverse("regulations:detail", args=[rule.pk])).status_code == 404
    client.force_login(p.activity_staff)
    response = client.post(
        reverse("regulations:revise", args=[rule.pk]),
        {"adopted_on": "2026-02-01", "effective_on": "2026-03-01", "note": "修订", "text": TEXT + "补充。"},
    )
    assert response.status_code == 302
    page = client.get(reverse("regulations:detail", args=[rule.pk])).content.decode()
    assert "第2版（修订）" in page
    bad = client.post(
        reverse("regulations:create"),
        {
            "title": "",
            "category": "office",
            "adopted_on": "2026-01-01",
            "effective_on": "2026-01-01",
            "text": "",
        },
    )
    assert bad.status_code == 200 and Regulation.objects.count() == 1


def test_list_queries_do_not_grow(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)

    def add(n: int) -> None:
        start = Regulation.objects.count()
        for i in range(start, start + n):
            _rule(p, f"制度{i}")

    same_for_few_and_many(client, reverse("regulations:index"), add)


def test_demo_and_seed(db: Any, settings: Any, client: Client) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)
    city = Committee.objects.get(code="DEMO-01")
    assert Version.objects.filter(committee=city, kind="revised").count() == 2
    assert Regulation.objects.filter(committee=city, is_repealed=True).count() == 1
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert Regulation.objects.filter(committee=county).count() == 20


def test_api_members_read_rules_and_other_committees_are_404(client: Client, p: Personas) -> None:
    rule = _rule(p)
    services.regulation_revise(
        regulation=rule, by=p.activity_staff, adopted_on=date(2026, 2, 1), effective_on=date(2026, 3, 1),
        text=TEXT, note="修订",
    )  # fmt: skip
    client.force_login(p.member_wang)
    listing = client.get("/api/v1/regulations/").json()
    assert [r["title"] for r in listing["items"]] == ["协商工作规则"]
    detail = client.get(f"/api/v1/regulations/{rule.pk}").json()
    assert [v["kind_label"] for v in detail["versions"]] == ["修订", "新建"]
    client.force_login(p.county_b_staff)
    assert client.get(f"/api/v1/regulations/{rule.pk}").status_code == 404
    assert client.get("/api/v1/regulations/").json()["items"] == []

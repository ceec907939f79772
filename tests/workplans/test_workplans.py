"""The year's inspection-and-research and democratic-supervision plans: items with lead special
committees and months, approved by a leader, published together with the approved consultation
plan; items become activities; plan against done; roles, bad input, home page, query counts."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.consultations import config
from zhengxie.consultations.models import Activity
from zhengxie.consultations.services import activities, plans
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.workplans import selectors, services
from zhengxie.workplans.models import Item, YearPlan
from zhengxie.workplans.workbench import pending_items

pytestmark = pytest.mark.django_db


def _plan(p: Personas) -> YearPlan:
    return services.year_plan_open(
        committee_id=p.city.pk, year=timezone.localdate().year, by=p.activity_staff
    )


def _item(p: Personas, yp: YearPlan, **kw: object) -> Item:
    args: dict = {
        "plan": "inspection",
        "form": "research",
        "title": "乡村振兴专题调研",
        "lead": p.special,
        "month": 1,
    }
    args.update(kw)
    return services.item_add(year_plan=yp, by=p.activity_staff, **args)


def _approve_consultation_plan(p: Personas) -> None:
    cp = plans.plan_create(committee_id=p.city.pk, year=timezone.localdate().year, by=p.activity_staff)
    topic = plans.topic_suggest(plan=cp, by=p.activity_staff, title="城市更新", source_kind="other")
    plans.topic_decide(
        topic=topic, by=p.activity_staff, include=True, form=config.forms_for(p.city.pk)[0], lead=p.special
    )
    plans.plan_submit(plan=cp, by=p.activity_staff)
    plans.plan_approve(plan=cp, by=p.leader, note="同意")


def test_plans_are_approved_and_published_together(p: Personas) -> None:
    yp = _plan(p)
    with pytest.raises(DomainError, match="还没有项目"):
        services.year_plan_submit(year_plan=yp, by=p.activity_staff)
    _item(p, yp)
    _item(p, yp, plan="supervision", form="appraisal", title="民主评议", target="市住建局", month=12)
    services.year_plan_submit(year_plan=yp, by=p.activity_staff)
    assert Notice.objects.filter(recipient=p.leader, title__contains="待审定").exists()
    assert [i.label for i in pending_items(p.leader, p.city.pk)] == ["待审定的视察调研和民主监督计划"]
    with pytest.raises(NotAllowed):
        services.year_plan_decide(year_plan=yp, by=p.activity_staff, approve=True)
    with pytest.raises(DomainError, match="填写意见"):
        services.year_plan_decide(year_plan=yp, by=p.leader, approve=False)
    services.year_plan_decide(year_plan=yp, by=p.leader, approve=True)
    with pytest.raises(DomainError, match="一并印发"):
        services.year_plan_publish(year_plan=yp, by=p.activity_staff)
    _approve_consultation_plan(p)
    services.year_plan_publish(year_plan=yp, by=p.activity_staff)
    yp.refresh_from_db()
    assert yp.state == "published" and yp.published_at is not None


def test_bad_items_are_refused(p: Personas) -> None:
    yp = _plan(p)
    for kw, message in (
        ({"form": "appraisal"}, "不属于该计划"),
        ({"plan": "supervision", "form": "appraisal"}, "被评议的部门"),
        ({"month": 13}, "1至12"),
        ({"title": " "}, "项目名称"),
    ):
        with pytest.raises(DomainError, match=message):
            _item(p, yp, **kw)
    assert not Item.objects.exists()


def test_items_become_activities_and_plan_against_done(p: Personas) -> None:
    yp = _plan(p)
    item = _item(p, yp, month=1)
    later = _item(p, yp, month=12, title="视察")
    now = timezone.localtime()
    start = now - timedelta(hours=2)
    with pytest.raises(DomainError, match="审定后"):
        services.item_arrange(item=item, by=p.activity_staff, starts_at=start, ends_at=now, place="某镇")
    services.year_plan_submit(year_plan=yp, by=p.activity_staff)
    services.year_plan_decide(year_plan=yp, by=p.leader, approve=True)
    if now.month > 1:
        assert "到期未安排的计划项目" in [i.label for i in pending_items(p.activity_staff, p.city.pk)]
    activity = services.item_arrange(
        item=item, by=p.activity_staff, starts_at=start, ends_at=now, place="某镇"
    )
    assert activity.kind == Activity.Kind.RESEARCH and activity.organiser_id == p.special.pk
    with pytest.raises(DomainError, match="已安排"):
        services.item_arrange(item=item, by=p.activity_staff, starts_at=start, ends_at=now, place="某镇")
    activities.activity_close(activity=activity, by=p.activity_staff)
    got = selectors.progress(selectors.items_of(yp), yp.year)["inspection"]
    assert (got.planned, got.arranged, got.held) == (2, 1, 1)
    nxt = timezone.make_aware(datetime.combine(timezone.localdate().replace(year=yp.year + 1), time(9)))
    with pytest.raises(DomainError, match="年内"):
        services.item_arrange(
            item=later, by=p.activity_staff, starts_at=nxt, ends_at=nxt + timedelta(hours=2), place="x"
        )


def test_pages_roles_and_query_counts(client: Client, p: Personas) -> None:
    yp = _plan(p)
    client.force_login(p.member_wang)
    assert client.get(reverse("workplans:index")).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.get(reverse("workplans:detail", args=[yp.pk])).status_code == 404
    client.force_login(p.leader)
    assert client.post(reverse("workplans:act", args=[yp.pk, "item"]), {}).status_code == 302
    assert not Item.objects.exists()  # the leader is refused (a message), nothing stored
    client.force_login(p.activity_staff)
    r = client.post(
        reverse("workplans:act", args=[yp.pk, "item"]),
        {
            "plan": "supervision",
            "form": "topic_sup",
            "title": "营商环境专题监督",
            "lead": p.special.pk,
            "month": 5,
        },
    )
    assert r.status_code == 302 and Item.objects.count() == 1
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            _item(p, yp, title=f"项目{next(counter)}", month=next(counter) % 12 + 1)

    same_for_few_and_many(client, reverse("workplans:detail", args=[yp.pk]), add, many=20)
    same_for_few_and_many(
        client, reverse("workplans:index"),
        lambda n: [services.year_plan_open(committee_id=p.city.pk, year=2000 + next(counter), by=p.activity_staff) for _ in range(n)],
        many=12,
    )  # fmt: skip
    doc = client.get(reverse("workplans:docx", args=[yp.pk]))
    assert doc.status_code == 200 and doc["Content-Type"].startswith("application/vnd.openxml")

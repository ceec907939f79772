"""双向评议 into the duty record (rule P08, by grade, once, reversed on change or withdrawal), and
deleting a first-level indicator of a scheme version not in use."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import Personas
from tests.proposals.helpers import fresh_reply, reply_data, signed
from zhengxie.assessment import services
from zhengxie.assessment.models import Indicator, Scheme
from zhengxie.assessment.services import two_way
from zhengxie.assessment.tasks import score_quality_ratings
from zhengxie.audit.models import AuditEvent
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError
from zhengxie.proposals.models import Reply
from zhengxie.proposals.services import replies

from .helpers import open_units, unit_scheme

pytestmark = pytest.mark.django_db


def _rated(p: Personas, quality: tuple[int, int, int]) -> Reply:
    assignment = signed(p)
    reply = replies.reply_save(assignment=assignment, by=p.unit_clerk, data=reply_data(quality=quality))
    reply = replies.reply_submit(reply=fresh_reply(reply), by=p.unit_clerk)
    replies.reply_review(reply=fresh_reply(reply), by=p.proposal_staff, approve=True, public_scope="full")
    return fresh_reply(reply)


def _standing(p: Personas) -> list[tuple[str, Decimal]]:
    rows = PointEntry.objects.filter(member=p.member_wang_record, rule__code="P08").standing()
    return list(rows.values_list("variant", "points"))


def test_the_units_rating_scores_the_proposer_once_and_follows_changes(client: Any, p: Personas) -> None:
    reply = _rated(p, (5, 5, 4))  # 14 / 15 = 93.3 %: 优秀
    proposal = reply.proposal
    assert score_quality_ratings.call() == 1
    assert _standing(p) == [("优秀", Decimal(5))]
    assert two_way.sync_all() == 1 and _standing(p) == [("优秀", Decimal(5))]  # once
    assert PointEntry.objects.filter(rule__code="P08").count() == 1
    # The proposer reads it in his record.
    client.force_login(p.member_wang)
    entry = PointEntry.objects.get(rule__code="P08")
    assert "提案质量评价优秀" in entry.note and proposal.title in entry.note
    # The rating is corrected: the entry is reversed and the new grade scored.
    Reply.objects.filter(pk=reply.pk).update(quality_research=4, quality_feasibility=4, quality_clarity=4)
    assert two_way.sync_quality(proposal=proposal, by=None) == "良好"  # 12 / 15 = 80 %
    assert _standing(p) == [("良好", Decimal(3))]
    assert PointEntry.objects.filter(rule__code="P08", reverses__isnull=False).count() == 1


def test_grades_and_withdrawal(p: Personas) -> None:
    assert two_way.grade_of(Decimal("90.0")) == "优秀"
    assert two_way.grade_of(Decimal("75.0")) == "良好"
    assert two_way.grade_of(Decimal("60.0")) == "合格"
    assert two_way.grade_of(Decimal("59.9")) == "" and two_way.grade_of(None) == ""
    reply = _rated(p, (4, 4, 4))  # 80 %: 良好
    proposal = reply.proposal
    assert two_way.sync_quality(proposal=proposal, by=None) == "良好"
    assert _standing(p) == [("良好", Decimal(3))]
    Reply.objects.filter(pk=reply.pk).update(
        quality_research=None, quality_feasibility=None, quality_clarity=None
    )
    assert two_way.sync_quality(proposal=proposal, by=None) == ""
    assert _standing(p) == []
    reversal = PointEntry.objects.get(rule__code="P08", reverses__isnull=False)
    assert reversal.points == Decimal(-3) and "撤回" in reversal.note
    assert two_way.sync_all() == 1 and PointEntry.objects.filter(rule__code="P08").count() == 2


def test_a_low_rating_scores_nothing(p: Personas) -> None:
    reply = _rated(p, (2, 2, 2))
    assert two_way.sync_quality(proposal=reply.proposal, by=None) == ""
    assert not PointEntry.objects.filter(rule__code="P08").exists()


def test_a_first_level_indicator_is_deleted_with_its_children_until_in_use(client: Any, p: Personas) -> None:
    scheme = unit_scheme(p)
    group = Indicator.objects.filter(scheme=scheme, parent__isnull=True).order_by("order").first()
    assert group is not None
    children = Indicator.objects.filter(parent=group).count()
    before = Indicator.objects.filter(scheme=scheme).count()
    client.force_login(p.member_wang)
    url = reverse("assessment:scheme", args=[scheme.pk])
    assert client.post(url, {"action": "delete_group", "group": group.pk}).status_code == 404
    client.force_login(p.proposal_staff)
    assert "删除此一级指标" in client.get(url).content.decode()
    assert client.post(url, {"action": "delete_group", "group": "abc"}).status_code == 404
    response = client.post(url, {"action": "delete_group", "group": group.pk})
    assert response.status_code == 302
    assert Indicator.objects.filter(scheme=scheme).count() == before - children - 1
    assert AuditEvent.objects.filter(action="assessment.indicator.group_deleted").count() == 1
    # Once an assessment uses the version, it refuses with a clear message and keeps everything.
    open_units(p)
    scheme = Scheme.objects.get(pk=scheme.pk)
    other = Indicator.objects.filter(scheme=scheme, parent__isnull=True).first()
    assert other is not None
    kept = Indicator.objects.filter(scheme=scheme).count()
    with pytest.raises(DomainError, match="已有考评在用"):
        services.group_delete(scheme=scheme, group=other, by=p.proposal_staff)
    response = client.post(url, {"action": "delete_group", "group": other.pk})
    assert "已有考评在用" in response.content.decode()
    assert Indicator.objects.filter(scheme=scheme).count() == kept


def test_the_hourly_job_costs_the_same_few_queries_for_one_or_many_proposals_in_agreement(
    p: Personas,
) -> None:
    _rated(p, (5, 5, 4))
    two_way.sync_all()
    with CaptureQueriesContext(connection) as one:
        assert two_way.sync_all() == 1
    for _ in range(3):
        _rated(p, (4, 4, 4))
    two_way.sync_all()
    with CaptureQueriesContext(connection) as four:
        assert two_way.sync_all() == 4
    assert len(one.captured_queries) == len(four.captured_queries) <= 10
    assert PointEntry.objects.filter(rule__code="P08").standing().count() == 4


def test_the_hourly_job_follows_a_corrected_rating(p: Personas) -> None:
    reply = _rated(p, (5, 5, 4))
    two_way.sync_all()
    assert _standing(p) == [("优秀", Decimal(5))]
    Reply.objects.filter(pk=reply.pk).update(quality_research=4, quality_feasibility=4, quality_clarity=4)
    assert two_way.sync_all() == 1
    assert _standing(p) == [("良好", Decimal(3))]

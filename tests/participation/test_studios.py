"""Member studios: the office keeps the register; a studio member records a reception (the
resident's data encrypted at rest), which scores C01; the problem is solved on the spot or carried
on as a micro-suggestion, 社情民意 or a proposal draft, the link kept; only once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from tests.personas import Personas
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.opinions.models import Opinion
from zhengxie.participation.models import MicroSuggestion, Reception, Studio
from zhengxie.participation.selectors import studios_with_figures
from zhengxie.participation.services import studios as svc
from zhengxie.proposals.models import Proposal

pytestmark = pytest.mark.django_db
OUT = Reception.Outcome


def studio(p: Personas) -> Studio:
    return svc.studio_save(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=svc.StudioData(
            name="城东委员工作室",
            place="城东街道",
            opening="每周三",
            sectors=[p.sector],
            members=[p.member_wang_record],
        ),
    )


def receive(p: Personas, s: Studio, **kwargs: Any) -> Reception:
    fields: dict[str, Any] = {"received_on": timezone.localdate(), "problem": "小区路灯坏了一个月"}
    fields.update(kwargs)
    return svc.reception_record(studio=s, by=p.member_wang, data=svc.ReceptionData(**fields))


def test_only_activity_staff_keep_the_register(p: Personas) -> None:
    with pytest.raises(NotAllowed):
        svc.studio_save(
            committee_id=p.city.pk,
            by=p.member_wang,
            data=svc.StudioData(name="x", place="y", opening="z", members=[p.member_wang_record]),
        )
    with pytest.raises(DomainError, match="入驻委员"):
        svc.studio_save(
            committee_id=p.city.pk, by=p.activity_staff, data=svc.StudioData(name="x", place="y", opening="z")
        )


def test_reception_is_encrypted_scores_c01_and_is_solved(p: Personas) -> None:
    s = studio(p)
    r = receive(p, s, visitor_name="张秀英", visitor_phone="139 1234 5678")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT visitor_name, visitor_phone FROM participation_reception WHERE id = %s", [r.pk]
        )
        raw = cursor.fetchone()
    assert "张秀英" not in raw[0] and "13912345678" not in raw[1]
    assert Reception.objects.get(pk=r.pk).visitor_phone == "13912345678"
    assert PointEntry.objects.filter(member=p.member_wang_record, rule__code="C01").count() == 1
    svc.reception_solve(reception=r, by=p.member_wang, action="已联系街道维修")
    with pytest.raises(DomainError, match="当场解决"):
        svc.reception_solve(reception=r, by=p.member_wang, action="再次")
    figures: Any = studios_with_figures(Studio.objects.filter(pk=s.pk), timezone.localdate().year).get()
    assert (figures.received, figures.solved, figures.open) == (1, 1, 0)


def test_reception_carried_on_keeps_the_links(p: Personas) -> None:
    s = studio(p)
    micro = svc.reception_to_micro(
        reception=receive(p, s), by=p.member_wang, title="路灯维修", place="幸福小区", topic="城乡建设"
    )
    assert micro.studio == s and micro.state == MicroSuggestion.State.SUBMITTED
    r2 = receive(p, s, problem="村道积水")
    opinion_id = svc.reception_to_opinion(reception=r2, by=p.member_wang, title="关于村道积水的反映")
    assert Opinion.objects.get(pk=opinion_id).link_id == r2.pk
    r3 = receive(p, s, problem="企业招工难")
    proposal_id = svc.reception_to_proposal(reception=r3, by=p.member_wang, title="关于破解企业招工难的建议")
    assert Proposal.objects.get(pk=proposal_id).state == Proposal.State.DRAFT
    outcomes = dict(Reception.objects.values_list("pk", "outcome"))
    assert sorted(outcomes.values()) == sorted([OUT.MICRO, OUT.OPINION, OUT.PROPOSAL])


def test_only_the_studios_members_record_and_bad_input_is_refused(p: Personas) -> None:
    s = studio(p)
    with pytest.raises(NotAllowed):
        svc.reception_record(
            studio=s,
            by=p.member_county,
            data=svc.ReceptionData(received_on=timezone.localdate(), problem="问题"),
        )
    with pytest.raises(DomainError, match="手机号码"):
        receive(p, s, visitor_phone="12345")
    with pytest.raises(DomainError, match="晚于今天"):
        receive(p, s, received_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(DomainError, match="控制字符"):
        receive(p, s, problem="路灯\x07坏了")
    assert not Reception.objects.exists()

"""An item from the author through the county centre, up to the city and the province, with
every level's decision visible from the origin."""

from __future__ import annotations

from typing import Any

import pytest

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.duty.models import PointEntry
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.opinions import selectors
from zhengxie.opinions.models import Adoption, Opinion, Report, Revision
from zhengxie.opinions.services import editing, reporting

from .conftest import Info
from .helpers import at_city, publish_at, published, signed, submitted

S = Opinion.State


def test_member_submission_reaches_the_centre_with_the_original_kept(p: Personas, o: Info) -> None:
    opinion = submitted(p)
    assert opinion.state == S.RECEIVED
    assert list(opinion.authors.all()) == [o.li]
    assert Revision.objects.get(opinion=opinion).number == 1
    assert AuditEvent.objects.filter(action="opinions.opinion.submitted", object_id=str(opinion.pk)).exists()
    assert PointEntry.objects.filter(member=o.li, rule__code="S01").count() == 1


def test_edits_are_versions_and_the_original_stays(p: Personas, o: Info) -> None:
    opinion = submitted(p)
    original = opinion.body
    editing.opinion_accept(opinion=opinion, by=o.county_info)
    editing.opinion_edit(
        opinion=opinion,
        by=o.county_info,
        title=opinion.title,
        body=original + "（编辑补充）",
        note="补充数据",
    )
    revisions = list(opinion.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].body == original
    assert Opinion.objects.get(pk=opinion.pk).body.endswith("（编辑补充）")


def test_a_county_item_goes_to_the_city_and_the_province_and_every_level_shows(p: Personas, o: Info) -> None:
    county, city = at_city(p, o)
    assert city.committee_id == p.city.pk and city.state == S.RECEIVED and city.origin_id == county.pk
    assert list(city.authors.all()) == [o.li]
    assert Opinion.objects.get(pk=county.pk).state == S.REPORTED
    publish_at(city, info=p.info_staff, leader=p.leader)
    report = Report.objects.get(opinion=county)
    assert report.status == Report.Status.ADOPTED
    city.refresh_from_db()
    up = reporting.report_send(opinion=city, by=p.info_staff, target="parent")
    province = Opinion.objects.get(reported_via=up)
    assert province.origin_id == county.pk and province.committee_id == p.province.pk
    publish_at(province, info=o.province_info, leader=o.province_leader, series="special")
    assert Report.objects.get(pk=up.pk).status == Report.Status.SPECIAL
    levels = sorted(Adoption.objects.filter(origin=county).values_list("level", flat=True))
    assert levels == ["city", "local", "province"]
    # Highest adoption counts once: the county's and city's adoption points reversed, the province's stands.
    standing = PointEntry.objects.filter(member=o.li, rule__code__in=["S02", "S03", "S04"]).standing()
    assert [(e.rule.code, e.variant) for e in standing] == [("S03", "省级")]
    view = selectors.chain(county)
    assert [i.committee_id for i in view.items] == [p.county_a.pk, p.city.pk, p.province.pk]
    assert view.best is not None and view.best.level == "province"


def test_scoring_a_chain_twice_changes_nothing(p: Personas, o: Info) -> None:
    county, city = at_city(p, o)
    publish_at(city, info=p.info_staff, leader=p.leader)
    from zhengxie.opinions.services.adoption import score_chain

    before = PointEntry.objects.count()
    score_chain(origin=county, by=o.county_info)
    score_chain(origin=county, by=o.county_info)
    assert PointEntry.objects.count() == before


def test_the_upper_level_not_using_an_item_flows_back(p: Personas, o: Info) -> None:
    county, city = at_city(p, o)
    editing.opinion_archive(opinion=city, by=p.info_staff, reason="与已编发信息重复")
    report = Report.objects.get(opinion=county)
    assert report.status == Report.Status.NOT_USED and "重复" in report.status_note


def test_wrong_state_gives_a_clear_message(p: Personas, o: Info) -> None:
    opinion = submitted(p)
    with pytest.raises(DomainError, match="当前状态为“待受理”"):
        editing.opinion_request_signoff(opinion=opinion, by=o.county_info)
    with pytest.raises(DomainError, match="编发后才能报送"):
        reporting.report_send(opinion=opinion, by=o.county_info, target="parent")


def test_only_the_leader_signs_off(p: Personas, o: Info) -> None:
    opinion = submitted(p)
    editing.opinion_accept(opinion=opinion, by=o.county_info)
    editing.opinion_request_signoff(opinion=opinion, by=o.county_info)
    with pytest.raises(NotAllowed):
        editing.opinion_sign(opinion=opinion, by=o.county_info, approve=True)
    editing.opinion_sign(opinion=opinion, by=o.county_leader, approve=False, comment="数据需核实")
    assert opinion.state == S.EDITING


def test_reporting_twice_to_the_parent_is_refused(p: Personas, o: Info) -> None:
    county, _ = at_city(p, o)
    county.refresh_from_db()
    with pytest.raises(DomainError, match="已向“测试市政协”报送过"):
        reporting.report_send(opinion=county, by=o.county_info, target="parent")
    assert Opinion.objects.filter(origin=county).count() == 1


def test_published_item_is_in_a_numbered_issue(p: Personas, o: Info) -> None:
    first = published(p, o)
    second = published(p, o, title="关于农村饮水安全的建议")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.issue.number, second.issue.number) == (1, 2)  # type: ignore[union-attr]


def test_the_lower_centre_hears_the_upper_levels_decision(
    p: Personas, o: Info, django_capture_on_commit_callbacks: Any
) -> None:
    _, city = at_city(p, o)
    with django_capture_on_commit_callbacks(execute=True):
        editing.opinion_archive(opinion=city, by=p.info_staff, reason="已有同类信息")
    assert Notice.objects.filter(recipient=o.county_info, title__contains="未采用").exists()
    assert Notice.objects.filter(recipient=p.member_county, title__contains="未采用").exists()


def test_forwarding_to_a_department_is_a_local_adoption_and_flows_back(p: Personas, o: Info) -> None:
    county, city = at_city(p, o)
    dept = o.department
    local = signed(p, o, title="关于农村公路养护的建议")
    editing.opinion_forward(opinion=local, by=o.county_info, department=dept)
    assert local.state == S.ISSUED and local.forwarded_to == dept
    assert local.adoptions.get().kind == "forwarded"
    editing.opinion_accept(opinion=city, by=p.info_staff)
    editing.opinion_request_signoff(opinion=city, by=p.info_staff)
    editing.opinion_sign(opinion=city, by=p.leader, approve=True)
    editing.opinion_forward(opinion=city, by=p.info_staff, department=p.unit)
    assert Report.objects.get(opinion=county).status == Report.Status.FORWARDED
    with pytest.raises(DomainError, match="请选择本政协的有效部门"):
        other = signed(p, o, title="第三条")
        editing.opinion_forward(opinion=other, by=o.county_info, department=p.unit)


def test_another_committees_centre_cannot_act(p: Personas, o: Info) -> None:
    opinion = submitted(p)
    with pytest.raises(NotAllowed):
        editing.opinion_accept(opinion=opinion, by=p.info_staff)
    with pytest.raises(NotAllowed):
        editing.opinion_merge(opinions=[opinion, submitted(p)], by=p.info_staff, title="t", body="b")

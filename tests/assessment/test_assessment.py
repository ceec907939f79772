"""Assessment (考评): schemes as data with versions, automatic indicators against hand-computed
figures, rating rounds, results, objections, and who sees what."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tests.personas import PASSWORD, Personas, _user
from tests.querycount import same_for_few_and_many
from zhengxie.assessment import services
from zhengxie.assessment.models import Assessment, Indicator, Objection, RaterTask, Scheme, Score, Subject
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.org.roles import Role

from .helpers import YEAR, open_units, unit_records, unit_scheme

pytestmark = pytest.mark.django_db


def _login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def _score(subject: Subject, name: str) -> Decimal | None:
    return Score.objects.get(subject=subject, indicator__name=name).value


def test_default_schemes_have_the_seeds_shapes(p: Personas) -> None:
    services.schemes_create_defaults(committee=p.city, year=YEAR, by=p.proposal_staff)
    by_kind = {s.kind: s for s in Scheme.objects.filter(committee=p.city, year=YEAR)}
    assert set(by_kind) == {"unit", "office", "special"}
    for scheme in by_kind.values():
        groups = Indicator.objects.filter(scheme=scheme, parent__isnull=True)
        assert sum(g.points for g in groups) == 100
    office = by_kind["office"]
    assert Indicator.objects.filter(scheme=office, parent__isnull=True).count() == 8
    assert Indicator.objects.filter(scheme=office, parent__isnull=False).count() == 40
    # Running it again adds nothing.
    assert services.schemes_create_defaults(committee=p.city, year=YEAR, by=p.proposal_staff) == []


def test_automatic_indicators_match_hand_computed_figures(p: Personas) -> None:
    from zhengxie.org.models import HandlingUnit

    unit_records(p)
    HandlingUnit.objects.create(committee=p.city, name="市档案馆")  # no proposals that year
    assessment = open_units(p)
    assert not Subject.objects.filter(assessment=assessment, name="市档案馆").exists()
    services.compute_automatic(assessment=assessment, by=p.proposal_staff)
    zhujian = Subject.objects.get(assessment=assessment, handling_unit=p.unit)
    assert _score(zhujian, "按期答复") == Decimal("10.00")  # 2 of 4 on time × 20
    assert _score(zhujian, "办前沟通") == Decimal("4.00")  # 2 of 5 × 10
    assert _score(zhujian, "办理全程沟通") == Decimal("6.00")  # 3 of 5 × 10
    assert _score(zhujian, "满意度测评") == Decimal("13.00")  # 65% × 20
    assert _score(zhujian, "答复承诺落实（回头看）") == Decimal("5.00")  # 1 of 2 × 10
    assert _score(zhujian, "督办事项办理") == Decimal("5.00")  # no items: full points
    zhujian.refresh_from_db()
    assert zhujian.total == Decimal("43.00")
    jiaotong = Subject.objects.get(assessment=assessment, name="市交通运输局")
    jiaotong.refresh_from_db()
    assert jiaotong.total == Decimal("55.00")  # 20 + 0 + 0 + 20 (no ratings) + 10 (no B) + 5
    assert (jiaotong.rank, zhujian.rank) == (1, 2)
    # Recomputing changes nothing and writes no second row.
    count = Score.objects.count()
    assert services.compute_automatic(assessment=assessment, by=None) == 0  # nothing rewritten
    assert Score.objects.count() == count


def test_looking_back_counts_key_proposals_whatever_their_reply_class(p: Personas) -> None:
    """回头看 applies to B-class replies and to every key proposal (an A-class key proposal too)."""
    from zhengxie.assessment.formulas import b_followup, b_followup_drill
    from zhengxie.proposals.models import Proposal

    unit_records(p)
    key_a = Proposal.objects.get(number="14-1-001")  # A class, led by 住建局
    Proposal.objects.filter(pk=key_a.pk).update(is_key=True)
    figure = b_followup(p.city.pk, YEAR, {p.unit.pk: 1})[1]
    assert "已核实落实 1 件 / 应回头看 3 件" in figure.text
    drill = b_followup_drill(p.city.pk, YEAR, p.unit.pk)
    assert [row.note for row in drill] == ["重点提案回头看尚未核实落实", "B类答复回头看尚未核实落实"]
    Proposal.objects.filter(pk=key_a.pk).update(followup_result="承诺事项已落实")
    assert "已核实落实 2 件 / 应回头看 3 件" in b_followup(p.city.pk, YEAR, {p.unit.pk: 1})[1].text


def test_drill_down_lists_the_late_proposals(client: Any, p: Personas) -> None:
    unit_records(p)
    assessment = open_units(p)
    services.compute_automatic(assessment=assessment, by=p.proposal_staff)
    subject = Subject.objects.get(assessment=assessment, handling_unit=p.unit)
    ind = Indicator.objects.get(scheme=assessment.scheme, name="按期答复")
    page = _login(client, p.proposal_staff).get(reverse("assessment:drill", args=[subject.pk, ind.pk]))
    text = page.content.decode()
    assert "关于第3件事的提案" in text and "关于第4件事的提案" in text
    assert "关于第1件事的提案" not in text
    sat = Indicator.objects.get(scheme=assessment.scheme, name="满意度测评")
    text = client.get(reverse("assessment:drill", args=[subject.pk, sat.pk])).content.decode()
    assert "不满意" in text and "关于第2件事的提案" in text and "关于第1件事的提案" not in text


def test_compute_runs_as_a_long_task_from_the_page(client: Any, p: Personas, run_jobs: Any) -> None:
    unit_records(p)
    assessment = open_units(p)
    with run_jobs():
        response = _login(client, p.proposal_staff).post(
            reverse("assessment:act", args=[assessment.pk, "compute"])
        )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.computed_at is not None
    page = client.get(reverse("assessment:detail", args=[assessment.pk])).content.decode()
    assert "已重新计算自动指标" in page


def test_changing_a_scheme_in_use_creates_a_new_version(p: Personas) -> None:
    unit_records(p)
    assessment = open_units(p)
    services.compute_automatic(assessment=assessment, by=p.proposal_staff)
    subject = Subject.objects.get(assessment=assessment, handling_unit=p.unit)
    before = _score(subject, "按期答复")
    scheme = assessment.scheme
    ind = Indicator.objects.get(scheme=scheme, name="按期答复")
    row = services.indicator_save(
        scheme=scheme,
        by=p.proposal_staff,
        indicator=ind,
        parent=None,
        name="按期答复",
        points=Decimal(30),
        method="auto",
        formula="reply_on_time",
    )
    scheme.refresh_from_db()
    assert row.scheme_id != scheme.pk and row.scheme.version == 2 and not scheme.is_current
    assert Indicator.objects.get(pk=ind.pk).points == 20  # the old version is untouched
    assert _score(subject, "按期答复") == before
    assessment.refresh_from_db()
    assert assessment.scheme_id == scheme.pk
    assert AuditEvent.objects.filter(action="assessment.scheme.versioned").exists()
    # The old version can no longer be edited; the group's points follow its children.
    with pytest.raises(DomainError):
        services.indicator_save(
            scheme=scheme,
            by=p.proposal_staff,
            indicator=ind,
            parent=None,
            name="x",
            points=Decimal(5),
            method="evidence",
        )
    assert row.parent is not None and Indicator.objects.get(pk=row.parent.pk).points == 35


def test_scheme_not_in_use_is_edited_in_place(p: Personas) -> None:
    scheme = unit_scheme(p)
    ind = Indicator.objects.get(scheme=scheme, name="答复件规范报送")
    row = services.indicator_save(
        scheme=scheme,
        by=p.proposal_staff,
        indicator=ind,
        parent=None,
        name="答复件规范",
        points=Decimal(5),
        method="evidence",
    )
    assert row.pk == ind.pk and row.scheme_id == scheme.pk


def test_bad_indicator_input_is_refused_and_nothing_changes(client: Any, p: Personas) -> None:
    scheme = unit_scheme(p)
    ind = Indicator.objects.get(scheme=scheme, name="答复件规范报送")
    url = reverse("assessment:indicator_edit", args=[scheme.pk, ind.pk])
    _login(client, p.proposal_staff)
    response = client.post(url, {"name": "答复件", "points": "5", "method": "auto", "formula": ""})
    assert response.status_code == 400
    assert "计算公式" in response.content.decode()
    response = client.post(url, {"name": "答复件", "points": "500", "method": "evidence"})
    assert response.status_code == 400
    response = client.post(url, {"name": "答复件", "points": "5", "method": "rating"})
    assert response.status_code == 400 and "评议组" in response.content.decode()
    assert Indicator.objects.get(pk=ind.pk).name == "答复件规范报送"


def _rated(p: Personas) -> tuple[Assessment, Any]:
    unit_records(p)
    assessment = open_units(p)
    rater = _user("rater3", "第三方评议员", p.city, Role.EXTERNAL_RATER)
    ind = Indicator.objects.get(scheme=assessment.scheme, name="答复内容质量")
    ind.rater_weights = {"staff": 40, "leader": 30, "external": 30}
    ind.save()
    return assessment, rater


def test_a_rater_sees_only_his_assignments_and_rates(client: Any, p: Personas) -> None:
    assessment, rater = _rated(p)
    services.raters_assign(assessment=assessment, group="leader", users=[p.leader], by=p.proposal_staff)
    services.raters_assign(assessment=assessment, group="external", users=[rater], by=p.proposal_staff)
    mine = RaterTask.objects.filter(rater=p.leader)
    assert mine.count() == 2
    other = RaterTask.objects.filter(rater=rater).first()
    assert other is not None
    _login(client, p.leader)
    home = client.get("/").content.decode()
    assert "待完成的考评评议打分" in home
    listing = client.get(reverse("assessment:my_tasks") + "?task=rate").content.decode()
    assert "市住房和城乡建设局" in listing
    assert client.get(reverse("assessment:rate", args=[other.pk])).status_code == 404
    task = mine.get(subject__handling_unit=p.unit)
    ind = Indicator.objects.get(scheme=assessment.scheme, name="答复内容质量")
    response = client.post(
        reverse("assessment:rate", args=[task.pk]), {f"i{ind.pk}": "16", "comment": "答复具体"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == "submitted" and task.marks == {str(ind.pk): "16.00"}
    # Bad input: above the points, nothing stored.
    second = mine.exclude(pk=task.pk).get()
    response = client.post(reverse("assessment:rate", args=[second.pk]), {f"i{ind.pk}": "25"})
    assert response.status_code == 400 and "最高20分" in response.content.decode()
    second.refresh_from_db()
    assert second.state == "pending"
    subject = Subject.objects.get(pk=task.subject_id)
    assert _score(subject, "答复内容质量") == Decimal("16.00")


def test_rated_points_weigh_the_groups_that_submitted(p: Personas) -> None:
    assessment, rater = _rated(p)
    services.raters_assign(assessment=assessment, group="leader", users=[p.leader], by=p.proposal_staff)
    services.raters_assign(assessment=assessment, group="external", users=[rater], by=p.proposal_staff)
    ind = Indicator.objects.get(scheme=assessment.scheme, name="答复内容质量")
    for user, mark in ((p.leader, 20), (rater, 10)):
        task = RaterTask.objects.get(rater=user, subject__handling_unit=p.unit)
        services.task_submit(task=task, marks={ind.pk: mark}, comment="", by=user)
    subject = Subject.objects.get(assessment=assessment, handling_unit=p.unit)
    assert _score(subject, "答复内容质量") == Decimal("15.00")  # (20×30 + 10×30) / 60


def test_external_rater_sees_nothing_else(client: Any, p: Personas) -> None:
    assessment, rater = _rated(p)
    services.raters_assign(assessment=assessment, group="external", users=[rater], by=p.proposal_staff)
    _login(client, rater)
    assert client.get("/").url == reverse("assessment:my_tasks")
    assert client.get(reverse("assessment:my_tasks")).status_code == 200
    task = RaterTask.objects.filter(rater=rater).first()
    assert task is not None
    assert client.get(reverse("assessment:rate", args=[task.pk])).status_code == 200
    for url in (
        reverse("proposals:mine"),
        reverse("org:member_list"),
        reverse("assessment:index"),
        reverse("assessment:detail", args=[assessment.pk]),
        reverse("assessment:card", args=[task.subject_id]),
        reverse("supervision:board"),
        "/api/v1/proposals/",
    ):
        assert client.get(url).status_code == 404, url


def test_external_rater_holds_no_other_role(p: Personas) -> None:
    from zhengxie.org.services import role_grant

    rater = _user("rater4", "评议员", p.city, Role.EXTERNAL_RATER)
    with pytest.raises(DomainError):
        role_grant(user=rater, committee=p.city, role=Role.MEMBER, by=p.secadmin)
    with pytest.raises(DomainError):
        role_grant(user=p.leader, committee=p.city, role=Role.EXTERNAL_RATER, by=p.secadmin)
    # Only the security administrator grants it.
    other = _user("someone", "某人", p.city, Role.LEADER)
    with pytest.raises(DomainError):
        role_grant(user=other, committee=p.county_a, role=Role.EXTERNAL_RATER, by=p.sysadmin)


def test_wrong_roles_get_404(client: Any, p: Personas) -> None:
    assessment = open_units(p)
    subject = assessment.subjects.first()
    assert subject is not None
    for user in (p.member_wang, p.unit_clerk, p.county_b_staff, p.sysadmin):
        _login(client, user)
        own_lists: tuple[str, ...] = (reverse("assessment:index"), reverse("assessment:schemes"))
        if user == p.county_b_staff:
            # 乙县's staff run their own assessments: their lists are empty of the city's.
            assert assessment.title not in client.get(own_lists[0]).content.decode()
            own_lists = ()
        for url in (
            *own_lists,
            reverse("assessment:detail", args=[assessment.pk]),
            reverse("assessment:raters", args=[assessment.pk]),
            reverse("assessment:scheme", args=[assessment.scheme_id]),
            reverse("assessment:export_xlsx", args=[assessment.pk]),
        ):
            assert client.get(url).status_code == 404, (user, url)
        # Before publication the unit does not see its card either.
        assert client.get(reverse("assessment:card", args=[subject.pk])).status_code == 404
    # A leader reads but does not act.
    _login(client, p.leader)
    assert client.get(reverse("assessment:detail", args=[assessment.pk])).status_code == 200
    assert client.post(reverse("assessment:act", args=[assessment.pk, "close"])).status_code == 404


def test_publish_objection_and_audited_decision(client: Any, p: Personas) -> None:
    unit_records(p)
    assessment = open_units(p)
    services.compute_automatic(assessment=assessment, by=p.proposal_staff)
    subject = Subject.objects.get(assessment=assessment, handling_unit=p.unit)
    evidence = Indicator.objects.get(scheme=assessment.scheme, name="答复件规范报送")
    services.evidence_score(
        subject=subject, indicator=evidence, value="4", note="一件答复缺少签发领导", by=p.proposal_staff
    )
    _login(client, p.proposal_staff)
    # The subject cannot object before publication.
    with pytest.raises(DomainError):
        services.objection_raise(subject=subject, reason="x", by=p.unit_clerk)
    client.post(reverse("assessment:act", args=[assessment.pk, "close"]))
    client.post(reverse("assessment:act", args=[assessment.pk, "publish"]))
    assessment.refresh_from_db()
    assert assessment.state == "published" and assessment.objection_until is not None
    # Scores are frozen after rating ends.
    with pytest.raises(DomainError):
        services.evidence_score(subject=subject, indicator=evidence, value="5", note="x", by=p.proposal_staff)
    _login(client, p.unit_clerk)
    card = client.get(reverse("assessment:card", args=[subject.pk]))
    assert card.status_code == 200 and "47.00" in card.content.decode()
    response = client.post(reverse("assessment:card", args=[subject.pk]), {"action": "object", "reason": ""})
    assert response.status_code == 400 and not Objection.objects.exists()
    client.post(
        reverse("assessment:card", args=[subject.pk]), {"action": "object", "reason": "第4件已线下答复"}
    )
    objection = Objection.objects.get()
    assert AuditEvent.objects.filter(action="assessment.objection.raised").exists()
    _login(client, p.proposal_staff)
    assert "待处理的考评异议" in client.get("/").content.decode()
    ind = Indicator.objects.get(scheme=assessment.scheme, name="按期答复")
    client.post(
        reverse("assessment:card", args=[subject.pk]),
        {
            "action": "decide",
            "objection": objection.pk,
            "accept": "1",
            "decision": "核实后更正",
            "indicator": ind.pk,
            "value": "15",
        },
    )
    objection.refresh_from_db()
    assert objection.state == "accepted"
    subject.refresh_from_db()
    assert subject.total == Decimal("52.00")
    event = AuditEvent.objects.get(action="assessment.objection.decided")
    assert event.data["old"] == "10.00" and event.data["new"] == "15.00"


def test_exports(client: Any, p: Personas) -> None:
    unit_records(p)
    assessment = open_units(p)
    services.compute_automatic(assessment=assessment, by=p.proposal_staff)
    _login(client, p.proposal_staff)
    xlsx = client.get(reverse("assessment:export_xlsx", args=[assessment.pk]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    docx = client.get(reverse("assessment:export_docx", args=[assessment.pk]))
    assert docx.status_code == 200


def test_open_form_refuses_bad_input(client: Any, p: Personas) -> None:
    unit_scheme(p)
    office = Scheme.objects.get(committee=p.city, kind="office")
    _login(client, p.proposal_staff)
    response = client.post(
        reverse("assessment:open"),
        {"scheme": office.pk, "year": "2025", "deadline": "2099-01-01"},
    )
    assert response.status_code == 400 and "处室" in response.content.decode()
    response = client.post(reverse("assessment:open"), {"scheme": office.pk, "year": "1", "deadline": "x"})
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_pages_cost_the_same_for_few_and_many(client: Any, p: Personas) -> None:
    from zhengxie.org.models import HandlingUnit

    assessment = open_units(p)
    rater = _user("rater5", "评议员", p.city, Role.EXTERNAL_RATER)
    ind = Indicator.objects.get(scheme=assessment.scheme, name="答复内容质量")
    ind.rater_weights = {"external": 100}
    ind.save()
    made = [0]

    def add_subjects(n: int) -> None:
        for _ in range(n):
            made[0] += 1
            unit = HandlingUnit.objects.create(committee=p.city, name=f"单位{made[0]}")
            s = Subject.objects.create(
                committee=p.city, assessment=assessment, name=unit.name, handling_unit=unit
            )
            RaterTask.objects.create(
                committee=p.city, assessment=assessment, subject=s, rater=rater, group="external"
            )
        services.compute_automatic(assessment=assessment)

    _login(client, p.proposal_staff)
    same_for_few_and_many(client, reverse("assessment:detail", args=[assessment.pk]), add_subjects)
    same_for_few_and_many(client, reverse("assessment:raters", args=[assessment.pk]), add_subjects)
    subject = Subject.objects.filter(assessment=assessment).first()
    assert subject is not None
    same_for_few_and_many(client, reverse("assessment:card", args=[subject.pk]), add_subjects)
    same_for_few_and_many(
        client, reverse("assessment:index"), lambda n: [open_units_again(p) for _ in range(n)]
    )
    client.force_login(rater)
    same_for_few_and_many(client, reverse("assessment:my_tasks"), add_subjects)
    same_for_few_and_many(client, reverse("assessment:my_tasks"), lambda n: add_reviews(p, rater, n))
    client.force_login(p.activity_staff)
    same_for_few_and_many(
        client, reverse("assessment:consultation_reviews"), lambda n: add_reviews(p, rater, n)
    )
    _login(client, p.unit_clerk)
    Assessment.objects.filter(pk=assessment.pk).update(state="published")
    same_for_few_and_many(client, reverse("assessment:my_results"), lambda n: publish_again(p, n))


def add_reviews(p: Personas, rater: Any, n: int) -> None:
    from django.utils import timezone

    from zhengxie.assessment.models import ConsultationReview
    from zhengxie.consultations import config
    from zhengxie.consultations.models import Consultation

    form = config.form_named(p.city.pk, "专题协商会")
    for _ in range(n):
        c = Consultation.objects.create(
            committee=p.city,
            title="协商",
            form=form,
            state="outcome",
            step_started_on=timezone.localdate(),
            created_by=p.activity_staff,
        )
        ConsultationReview.objects.create(
            committee=p.city, consultation=c, rater=rater, invited_by=p.activity_staff
        )


def publish_again(p: Personas, n: int) -> None:
    for _ in range(n):
        a = open_units_again(p)
        Assessment.objects.filter(pk=a.pk).update(state="published")


def open_units_again(p: Personas) -> Assessment:
    scheme = Scheme.objects.get(committee=p.city, kind="unit", is_current=True)
    from django.utils import timezone

    return services.assessment_open(
        committee=p.city,
        scheme=scheme,
        year=YEAR,
        title="再次考评",
        deadline=timezone.localdate(),
        by=p.proposal_staff,
    )


def test_password_constant_is_shared() -> None:
    assert PASSWORD


def test_ratings_are_anonymous_to_the_subject_where_the_scheme_says(client: Any, p: Personas) -> None:
    assessment, _ = _rated(p)
    services.raters_assign(assessment=assessment, group="leader", users=[p.leader], by=p.proposal_staff)
    ind = Indicator.objects.get(scheme=assessment.scheme, name="答复内容质量")
    task = RaterTask.objects.get(rater=p.leader, subject__handling_unit=p.unit)
    services.task_submit(task=task, marks={ind.pk: 15}, comment="答复偏原则", by=p.leader)
    services.assessment_close(assessment=assessment, by=p.proposal_staff)
    services.assessment_publish(assessment=assessment, by=p.proposal_staff)
    url = reverse("assessment:card", args=[task.subject_id])
    _login(client, p.unit_clerk)
    page = client.get(url).content.decode()
    assert "答复偏原则" in page and "市政协领导" not in page
    _login(client, p.proposal_staff)
    assert "市政协领导" in client.get(url).content.decode()


def test_staff_edit_a_scheme_on_its_pages(client: Any, p: Personas) -> None:
    scheme = unit_scheme(p)
    _login(client, p.proposal_staff)
    url = reverse("assessment:scheme", args=[scheme.pk])
    page = client.get(url).content.decode()
    assert "按期答复" in page and "平台数据自动计算" in page
    bad = client.post(url, {"action": "settings", "name": "x", "objection_days": "7", "bands": "优秀九十"})
    assert bad.status_code == 400
    client.post(
        url,
        {
            "action": "settings",
            "name": "提案办理考核",
            "objection_days": "10",
            "bands": "优秀:85 合格:60 不合格:0",
        },
    )
    scheme.refresh_from_db()
    assert scheme.grade_bands == [["优秀", 85.0], ["合格", 60.0], ["不合格", 0.0]] and not scheme.anonymous
    client.post(url, {"action": "group", "name": "加分项"})
    group = Indicator.objects.get(scheme=scheme, name="加分项")
    add = reverse("assessment:indicator_add", args=[scheme.pk, group.pk])
    assert client.get(add).status_code == 200
    client.post(add, {"name": "获省级表彰", "points": "2", "method": "evidence", "standard": "有文件"})
    group.refresh_from_db()
    assert group.points == 2
    assert client.get(reverse("assessment:indicator_add", args=[scheme.pk, 999999])).status_code == 404

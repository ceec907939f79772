"""Demo assessment for 青州市政协 (settings.DEMO_LOADERS, after the loops): the default schemes of last
year and this year; last year's proposal-handling assessment of the city's handling units,
finished — rated by the leader and the proposal staff, evidence reviewed, published, one objection
refused — and this year's rating round for the special committees, open, with the leader, a
member and a third-party rater (demo_rater, a rater-only account) assigned; the third party is
also asked to rate two consultations that have reached their outcome.

Last year's automatic figures are computed from last year's proposals, which demo_records builds
through the proposals services; both years' rounds compute their indicators through the service,
and last year's steps run with the clock moved back to the day they happened."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengxie.consultations.models import Consultation
from zhengxie.consultations.services import quality
from zhengxie.org import services as org
from zhengxie.org.models import Committee, Member
from zhengxie.org.roles import Role

from . import demo_records, services
from .models import Assessment, Indicator, Method, Objection, RaterTask, Scheme, Subject, SubjectKind

CITY_CODE = "DEMO-01"
RATER = "demo_rater"
DEMO_PASSWORD = "Zhengxie-demo-2026"
COMMENTS = ("答复针对性强，措施具体", "沟通及时，办理认真", "个别答复偏原则，建议细化措施")


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    if Scheme.objects.filter(committee=city).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
    staff, leader, clerk = users["demo_proposal_staff"], users["demo_leader"], users["demo_unit"]
    activity = users["demo_activity_staff"]
    rater = users.get(RATER) or _rater(city)
    today = timezone.localdate()
    rng = random.Random(18)
    with demo_records.on(date(today.year - 1, 1, 6)):
        services.schemes_create_defaults(committee=city, year=today.year - 1, by=staff)
    services.schemes_create_defaults(committee=city, year=today.year, by=staff)
    _last_year(city, staff, leader, clerk, rng)
    _special_round(city, activity, leader, rater, users.get("demo_member"), rng)
    # The third party is asked to rate the consultations that have reached their outcome.
    for consultation in Consultation.objects.filter(committee=city, state__in=quality.RATABLE).order_by("id")[
        :2
    ]:
        services.consultation_review_invite(consultation=consultation, by=activity)


def _rater(city: Committee) -> Any:
    user = org.account_create(
        username=RATER, display_name="第三方评估机构", password=None, by=None, must_change_password=False
    )
    get_user_model().objects.filter(pk=user.pk).update(
        password=make_password(DEMO_PASSWORD), privacy_acknowledged_at=timezone.now()
    )
    org.role_grant(user=user, committee=city, role=Role.EXTERNAL_RATER, by=None)
    return user


def _last_year(city: Committee, staff: Any, leader: Any, clerk: Any, rng: random.Random) -> None:
    """Last year's round, run through the services on the days it happened (demo_records.on):
    opened in January, scored from last year's records, rated, closed and published, one
    objection refused; the objection window is over by today."""
    today = timezone.localdate()
    year = today.year - 1
    demo_records.build(city, year)
    opened = min(date(today.year, 1, 12), today - timedelta(days=60))
    scheme = Scheme.objects.get(committee=city, year=year, kind=SubjectKind.UNIT)
    with demo_records.on(opened):
        assessment = services.assessment_open(
            committee=city,
            scheme=scheme,
            year=year,
            title=f"{year}年度承办单位提案办理工作考核",
            deadline=opened + timedelta(days=14),
            by=staff,
        )
        services.compute_automatic(assessment=assessment, by=staff)
        for group, user in (("leader", leader), ("staff", staff)):
            services.raters_assign(assessment=assessment, group=group, users=[user], by=staff)
    subjects = list(Subject.objects.filter(assessment=assessment))
    with demo_records.on(opened + timedelta(days=7)):
        evidence = Indicator.objects.filter(scheme=scheme, method=Method.EVIDENCE)
        for s in subjects:
            for ind in evidence:
                value = ind.points - Decimal(rng.choice((0, 0, 1)))
                services.evidence_score(
                    subject=s,
                    indicator=ind,
                    value=value,
                    note="答复件格式规范，按时报送" if value == ind.points else "一件答复缺少签发领导",
                    by=staff,
                )
        rated = services.rated_indicators(scheme)
        for task in RaterTask.objects.filter(assessment=assessment).select_related(
            "assessment__scheme", "subject"
        ):
            marks = {
                i.pk: i.points - Decimal(rng.choice((0, 1, 2, 3)))
                for i in rated
                if i.rater_weights.get(task.group)
            }
            rater = leader if task.rater_id == leader.pk else staff
            services.task_submit(task=task, marks=marks, comment=rng.choice(COMMENTS), by=rater)
    with demo_records.on(opened + timedelta(days=16)):
        assessment = Assessment.objects.select_related("scheme").get(pk=assessment.pk)
        services.assessment_close(assessment=assessment, by=staff)
        services.assessment_publish(assessment=assessment, by=staff)
    own = next((s for s in subjects if s.handling_unit_id and s.name == "市住房和城乡建设局"), subjects[0])
    with demo_records.on(opened + timedelta(days=19)):
        objection = services.objection_raise(
            subject=Subject.objects.select_related("assessment__scheme").get(pk=own.pk),
            reason="第三季度一件提案已按期答复，系统记录的答复时间有误",
            by=clerk,
        )
    with demo_records.on(opened + timedelta(days=22)):
        services.objection_decide(
            objection=Objection.objects.select_related("subject__assessment__scheme").get(pk=objection.pk),
            accept=False,
            decision="经核对答复件报送记录，答复时间无误，维持原评分",
            by=staff,
        )


def _special_round(
    city: Committee, staff: Any, leader: Any, rater: Any, member: Any, rng: random.Random
) -> None:
    today = timezone.localdate()
    scheme = Scheme.objects.get(committee=city, year=today.year, kind=SubjectKind.SPECIAL)
    assessment = services.assessment_open(
        committee=city,
        scheme=scheme,
        year=today.year,
        title=f"{today.year}年度专门委员会履职考评（赛马比拼）",
        deadline=today + timedelta(days=14),
        by=staff,
    )
    services.compute_automatic(assessment=assessment, by=staff)
    services.raters_assign(assessment=assessment, group="leader", users=[leader], by=staff)
    services.raters_assign(assessment=assessment, group="external", users=[rater], by=staff)
    if member is not None and Member.objects.filter(committee=city, person__user=member).exists():
        services.raters_assign(assessment=assessment, group="member", users=[member], by=staff)
    rated = services.rated_indicators(scheme)
    # The leader has rated half of the committees; the member and the third party have not started.
    tasks = list(
        RaterTask.objects.filter(assessment=assessment, rater=leader).select_related("assessment__scheme")
    )
    for task in tasks[: len(tasks) // 2]:
        marks = {
            i.pk: i.points - Decimal(rng.choice((0, 1, 2))) for i in rated if i.rater_weights.get("leader")
        }
        services.task_submit(task=task, marks=marks, comment="", by=leader)

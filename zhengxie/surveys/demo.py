"""Demo surveys for 青州市政协: a closed, anonymous satisfaction survey of the members about the
committee's duty services with answers from the demo accounts (results, chart and Excel to look
at), and an open named research survey for the consultation on elderly care that demo_member has
not answered yet (his home-page task), and an open survey of the public on the committee's
public page."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.consultations.models import Consultation
from zhengxie.org.models import Committee, Member

from . import services
from .models import Survey

CITY_CODE = "DEMO-01"
COMMENTS = ("希望多组织界别协商活动。", "履职平台手机端很方便。", "建议提前发送会议材料。", "")


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    users = get_user_model().objects.in_bulk(["demo_activity_staff", "demo_member"], field_name="username")
    staff, me = users["demo_activity_staff"], users["demo_member"]
    rng = random.Random(31)
    satisfaction = services.survey_create(
        committee_id=city.pk,
        by=staff,
        data=services.SurveyDraft(
            title="2026年度委员履职服务满意度调查",
            description="请对市政协机关的履职服务作出评价，问卷匿名。",
            closes_at=timezone.now() + timedelta(days=1),
            all_members=True,
        ),
    )
    Q = services.QuestionDraft
    overall = services.question_add(
        survey=satisfaction,
        by=staff,
        data=Q(kind="single", text="您对机关履职服务总体是否满意？", choices=["满意", "基本满意", "不满意"]),
    )
    services.question_add(
        survey=satisfaction,
        by=staff,
        data=Q(kind="text", text="不满意的原因", required=True, show_if=overall, show_if_choice=3),
    )
    services.question_add(
        survey=satisfaction,
        by=staff,
        data=Q(
            kind="multiple",
            text="您最常用的平台功能",
            choices=["提案", "社情民意", "会议活动", "主题议政", "履职档案"],
        ),
    )
    services.question_add(
        survey=satisfaction, by=staff, data=Q(kind="scale", text="会议材料送达及时程度", scale_max=5)
    )
    services.question_add(
        survey=satisfaction, by=staff, data=Q(kind="text", text="其他意见建议", required=False)
    )
    services.survey_open(survey=satisfaction, by=staff)
    questions = list(satisfaction.questions.order_by("number"))
    respondents = (
        get_user_model()
        .objects.filter(
            pk__in=Member.objects.filter(committee=city, person__user__isnull=False).values("person__user_id")
        )
        .exclude(pk=me.pk)
    )
    for user in respondents:
        choice = rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
        answers: dict[int, list[str]] = {
            questions[0].pk: [str(choice)],
            questions[1].pk: ["会议通知有时较晚。"] if choice == 3 else [],
            questions[2].pk: [str(v) for v in rng.sample(range(1, 6), rng.randint(1, 3))],
            questions[3].pk: [str(rng.randint(3, 5))],
            questions[4].pk: [rng.choice(COMMENTS)],
        }
        services.response_submit(survey=satisfaction, by=user, answers=answers)
    services.survey_close(survey=satisfaction, by=staff)

    consultation = Consultation.objects.filter(committee=city, title__contains="养老").first()
    research = services.survey_create(
        committee_id=city.pk,
        by=staff,
        data=services.SurveyDraft(
            title="养老服务体系建设委员调研问卷",
            description="为“完善养老服务体系”协商开展前期调研，实名填写，便于跟进联系。",
            closes_at=timezone.now() + timedelta(days=10),
            anonymous=False,
            all_members=True,
            consultation=consultation,
        ),
    )
    services.question_add(
        survey=research,
        by=staff,
        data=Q(kind="single", text="您所在社区养老服务设施是否充足？", choices=["充足", "一般", "不足"]),
    )
    services.question_add(survey=research, by=staff, data=Q(kind="text", text="您对发展社区养老的建议"))
    services.survey_open(survey=research, by=staff)

    # A survey of the public, listed on the committee's public page, with a few answers.
    public = services.survey_create(
        committee_id=city.pk,
        by=staff,
        data=services.SurveyDraft(
            title="市民对老旧小区改造的意见调查",
            description="市政协就“推进城市更新”开展协商，欢迎市民匿名填写，无需登录。",
            closes_at=timezone.now() + timedelta(days=20),
            public=True,
        ),
    )
    support = services.question_add(
        survey=public,
        by=staff,
        data=Q(kind="single", text="您是否支持老旧小区加装电梯？", choices=["支持", "不支持", "看情况"]),
    )
    services.question_add(survey=public, by=staff, data=Q(kind="text", text="您的意见建议", required=False))
    services.survey_open(survey=public, by=staff)
    for _ in range(12):
        services.response_submit_public(
            survey=public, answers={support.pk: [str(rng.choices([1, 2, 3], weights=[7, 1, 2])[0])]}
        )
    assert Survey.objects.filter(committee=city).count() >= 3

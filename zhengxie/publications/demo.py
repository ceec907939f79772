"""Demo publications for 青州市政协: 《建言资政》 with two issues sent to named leaders (the
first carrying a consultation outcome and an instruction on it), a 《协商专报》 issue, and a
draft waiting to be numbered and sent. Runs through the services."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.consultations.models import Outcome
from zhengxie.org.models import Committee
from zhengxie.plenary.models import Speech

from . import services

CITY_CODE = "DEMO-01"
BODY = "围绕全市中心工作深入调研，提出对策建议。\n一是完善政策体系。二是强化要素保障。三是健全督促落实机制。"


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    staff = get_user_model().objects.get(username="demo_activity_staff")
    today = timezone.localdate()
    series = {s.name: s for s in services.series_for(city.pk)}
    advice, special = series["建言资政"], series["协商专报"]
    outcomes = list(Outcome.objects.filter(committee=city).select_related("consultation").order_by("id")[:2])
    first = services.issue_create(series=advice, by=staff, title="关于优化营商环境的建议")
    if outcomes:
        services.item_add(issue=first, by=staff, outcome=outcomes[0])
    else:
        services.item_add(
            issue=first, by=staff, title="关于优化营商环境的建议", author="经济委员会", body=BODY
        )
    services.issue_send(
        issue=first, by=staff, recipients="市委书记、市长", sent_on=today - timedelta(days=20)
    )
    services.instruction_record(
        issue=first, by=staff, leader_name="市长", text="建议很有针对性，请市发改委牵头研究落实。",
        given_on=today - timedelta(days=15),
    )  # fmt: skip
    second = services.issue_create(series=advice, by=staff, title="关于加快县域特色产业发展的建议")
    services.item_add(
        issue=second, by=staff, title="关于加快县域特色产业发展的建议", author="农业和农村委员会", body=BODY
    )
    services.issue_send(
        issue=second, by=staff, recipients="市委书记、分管副市长", sent_on=today - timedelta(days=5)
    )
    report = services.issue_create(series=special, by=staff, title="提升基层医疗服务能力专题协商情况")
    if len(outcomes) > 1:
        services.item_add(issue=report, by=staff, outcome=outcomes[1])
    else:
        services.item_add(
            issue=report, by=staff, title="提升基层医疗服务能力", author="专题协商会", body=BODY
        )
    services.issue_send(
        issue=report, by=staff, recipients="市委书记、市长", sent_on=today - timedelta(days=3)
    )
    draft = services.issue_create(series=advice, by=staff, title="全会大会发言摘编")
    speech = Speech.objects.filter(committee=city, state__in=services.USABLE_SPEECHES).first()
    if speech is not None:
        services.item_add(issue=draft, by=staff, speech=speech)
    else:
        services.item_add(issue=draft, by=staff, title="大会发言摘编", author="大会秘书处", body=BODY)

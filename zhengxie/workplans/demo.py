"""Demo work plans for 青州市政协: this year's inspection-and-research and democratic-supervision
plans, approved by the leader and published together with the (approved) consultation plan; one
item held as an activity, one arranged ahead, one whose month has passed unarranged (a home-page
task); next year's plans being drafted."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.consultations.services import activities
from zhengxie.org.demo import DEMO_CODE
from zhengxie.org.models import Committee, SpecialCommittee

from . import services

ITEMS = (
    ("inspection", "inspection", "全市重大项目建设情况视察", 4, ""),
    ("inspection", "research", "县域特色产业发展专题调研", 6, ""),
    ("inspection", "research", "基层医疗卫生服务能力调研", 9, ""),
    ("supervision", "topic_sup", "营商环境优化政策落实情况专题监督", 5, "市发展和改革委员会"),
    ("supervision", "insp_sup", "河湖长制落实情况视察监督", 8, "市水利局"),
    ("supervision", "appraisal", "民主评议市住房和城乡建设局", 10, "市住房和城乡建设局"),
)


def load() -> None:
    city = Committee.objects.get(code=f"{DEMO_CODE}-01")
    users = get_user_model().objects.in_bulk(["demo_activity_staff", "demo_leader"], field_name="username")
    staff, leader = users["demo_activity_staff"], users["demo_leader"]
    specials = list(SpecialCommittee.objects.filter(committee=city).order_by("order", "id"))
    now = timezone.localtime()
    year = now.year
    yp = services.year_plan_open(committee_id=city.pk, year=year, by=staff)
    items = [
        services.item_add(
            year_plan=yp,
            by=staff,
            plan=plan,
            form=form,
            title=title,
            lead=specials[i % len(specials)],
            month=now.month if i == 2 else month,  # this month has come: a task for the office
            target=target,
        )
        for i, (plan, form, title, month, target) in enumerate(ITEMS)
    ]
    services.year_plan_submit(year_plan=yp, by=staff)
    services.year_plan_decide(year_plan=yp, by=leader, approve=True, note="经党组会议审定")
    services.year_plan_publish(year_plan=yp, by=staff)
    # One item was held yesterday, one is arranged ahead.
    day = now.date() - timedelta(days=1)
    if day.year == year:
        start = timezone.make_aware(datetime.combine(day, time(9)))
        held = services.item_arrange(
            item=items[0],
            by=staff,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            place="市重点项目现场",
        )
        activities.activity_close(activity=held, by=staff)
    ahead = now.date() + timedelta(days=20)
    if ahead.year == year:
        start = timezone.make_aware(datetime.combine(ahead, time(9)))
        services.item_arrange(
            item=items[3],
            by=staff,
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            place="市政协三楼会议室",
        )
    draft = services.year_plan_open(committee_id=city.pk, year=year + 1, by=staff)
    services.item_add(
        year_plan=draft, by=staff, plan="inspection", form="research", title="推动制造业数字化转型调研",
        lead=specials[0], month=3,
    )  # fmt: skip

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
from zhengxie.org.models import Committee, HandlingUnit, Member, SpecialCommittee

from . import services, supervisor_reports
from . import supervision as democratic
from .models import Item

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
    _findings(city, staff, items)
    draft = services.year_plan_open(committee_id=city.pk, year=year + 1, by=staff)
    services.item_add(
        year_plan=draft, by=staff, plan="inspection", form="research", title="推动制造业数字化转型调研",
        lead=specials[0], month=3,
    )  # fmt: skip


def _findings(city: Committee, staff: object, items: list[Item]) -> None:
    """A special supervisor for 市住房和城乡建设局, a finding it replied to and the office rated,
    and one waiting for its reply (demo_unit's home page)."""
    unit = HandlingUnit.objects.get(committee=city, name="市住房和城乡建设局")
    clerk = get_user_model().objects.get(username="demo_unit")
    member = Member.objects.filter(committee=city, is_active=True).order_by("id")[40]
    sup = democratic.supervisor_appoint(committee_id=city.pk, by=staff, member=member, unit=unit)
    today = timezone.localdate()
    done = democratic.finding_send(
        committee_id=city.pk, by=staff, unit=unit, title="关于物业服务监管的特约监督员报告",
        body="部分小区物业服务质量不高，投诉处理不及时。建议建立物业服务评价和退出机制。",
        due_on=today + timedelta(days=20), supervisor=sup,
    )  # fmt: skip
    done = democratic.finding_reply(
        finding=done, by=clerk, reply="已制定物业服务质量评价办法，每季度公布评价结果。"
    )
    democratic.finding_rate(finding=done, by=staff, rating="satisfied")
    democratic.finding_send(
        committee_id=city.pk, by=staff, unit=unit, title="民主评议市住房和城乡建设局的意见和建议",
        body="一、老旧小区改造进度不均衡；二、住房保障信息公开不够；三、建议完善群众诉求快速响应机制。",
        due_on=today + timedelta(days=30), item=items[5],
    )  # fmt: skip
    # demo_member is a special supervisor too, with his own report waiting for the office's review.
    me = (
        Member.objects.filter(committee=city, person__user__username="demo_member")
        .exclude(pk=member.pk)
        .first()
    )
    if me is not None and me.person.user is not None:
        mine = democratic.supervisor_appoint(committee_id=city.pk, by=staff, member=me, unit=unit)
        supervisor_reports.report_submit(
            supervisor=mine, by=me.person.user, title="关于老旧小区加装电梯的监督报告",
            body="走访三个小区，加装电梯审批环节多、周期长，部分居民意见未充分听取。建议简化审批、加强协商。",
        )  # fmt: skip

"""Demo supervision items for 青州市政协, so that every page has something to show: the year's key
tasks decomposed into child items, items in every state of the workflow (the demo unit 市住房和
城乡建设局 has items to sign for, to report on and one overdue), a pending extension, colours,
an issued bulletin for the last quarter and a special report.

Runs through the services, like real use; only the dates of past events are moved back
afterwards, so that the bulletin has a history to count."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.org.models import Committee, HandlingUnit

from . import config, selectors, warnings
from .models import Item, ReportCycle
from .services import extensions, items, outputs, progress
from .services.items import ItemData

CITY_CODE = "DEMO-01"

# (category, title, lead unit, days until due, weight)
KEY_TASKS = (
    ("协商议政", "组织开展“推进城市更新”专题协商", "市住房和城乡建设局", 40, 3),
    ("协商议政", "开展“老旧小区加装电梯”对口协商", "市住房和城乡建设局", 25, 1),
    ("民主监督", "跟踪监督城区内涝治理工程进展", "市水利局", 60, 2),
    ("调查研究", "开展县域医共体建设情况调研", "市卫生健康委员会", 12, 1),
    ("履职服务", "办理委员联络站经费保障事项", "市财政局", 30, 1),
    ("自身建设", "推进“书香政协”读书活动", "市教育局", 90, 1),
)


def load() -> None:
    committee = Committee.objects.get(code=CITY_CODE)
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
    staff, leader, clerk = users["demo_supervision_staff"], users["demo_leader"], users["demo_unit"]
    units = {u.name: u for u in HandlingUnit.objects.filter(committee=committee)}
    sources = {s.name: s for s in config.sources_for(committee.pk)}
    today = timezone.localdate()

    def unit(name: str) -> HandlingUnit:
        return units[name]

    def register(title: str, lead: str, days: int, source: str = "年度重点工作", **extra: object) -> Item:
        data = ItemData(
            title=title,
            source=sources[source],
            due_on=today + timedelta(days=days),
            lead_unit=unit(lead),
            content=f"{title}，形成阶段性成果并报送市政协办公室。",
            requirement="按要求报送进度，办结后报送办结报告及相关材料。",
            supervising_leader=leader,
            responsible_user=clerk if lead == "市住房和城乡建设局" else None,
            **extra,  # type: ignore[arg-type]
        )
        return items.item_register(committee_id=committee.pk, by=staff, data=data)

    def issue(item: Item) -> Item:
        items.item_approve(item=item, by=leader)
        return items.item_issue(item=item, by=staff)

    parent = register("落实市政协年度重点协商监督事项", "市发展和改革委员会", 100, category="年度重点工作")
    issue(parent)
    children = []
    for category, title, lead, days, weight in KEY_TASKS:
        child = register(
            title,
            lead,
            days,
            category=category,
            parent=parent,
            weight=Decimal(weight),
            report_cycle=ReportCycle.MONTHLY,
        )
        children.append(issue(child))
    # The demo unit signs for its two tasks and reports on them; one is nearly finished.
    city_renewal, lift = children[0], children[1]
    for item, percent in ((city_renewal, 60), (lift, 95)):
        items.item_sign(item=item, by=clerk)
        progress.progress_report(
            item=item, by=clerk, percent=percent, text="已完成调研走访和方案起草，正在征求意见。"
        )
    extensions.extension_request(
        item=city_renewal,
        by=clerk,
        reason="协商会需与市政府常务会议错开，会期推迟。",
        progress_text="调研报告已形成初稿。",
        new_due_on=city_renewal.due_on + timedelta(days=30),
    )
    items.item_report_completion(item=lift, by=clerk, text="对口协商会已召开，形成协商意见12条并报送市政府。")

    # Items in the other states of the workflow.
    register("督促落实市委常委会议定的营商环境整改事项", "市住房和城乡建设局", 30, source="会议议定事项")
    approved = register("办理吴主席关于背街小巷整治的批示", "市住房和城乡建设局", 20, source="领导批示")
    items.item_approve(item=approved, by=leader)
    issue(
        register("督办重点提案“关于加快停车设施建设的建议”办理", "市住房和城乡建设局", 45, source="重点提案")
    )
    overdue = issue(register("整改群众反映的小区供暖问题", "市住房和城乡建设局", 3, source="群众反映"))
    items.item_sign(item=overdue, by=clerk)
    done = issue(register("完成住建系统委员联络站建设", "市住房和城乡建设局", 15, source="本级重大决策"))
    items.item_sign(item=done, by=clerk)
    items.item_report_completion(item=done, by=clerk, text="联络站已挂牌运行，制定了接待制度并开展首次接待。")
    items.item_verify(item=done, by=staff, accept=True, note="经核实，已完成。")
    items.item_close(item=done, by=staff)

    # Let time pass: items were issued weeks ago; two were issued last quarter, one of them finished
    # on time then, and the other is now overdue.
    this_quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last_quarter = selectors.quarter_bounds(*_quarter_of(this_quarter - timedelta(days=1)))
    issued_then = timezone.make_aware(datetime.combine(last_quarter[0] + timedelta(days=10), time(9)))
    Item.objects.filter(committee=committee, state__in=(Item.State.ISSUED, Item.State.IN_PROGRESS)).update(
        issued_at=timezone.now() - timedelta(days=20)
    )
    Item.objects.filter(pk=overdue.pk).update(
        due_on=today - timedelta(days=5), original_due_on=today - timedelta(days=5), issued_at=issued_then
    )
    Item.objects.filter(pk=done.pk).update(
        issued_at=issued_then,
        done_at=issued_then + timedelta(days=30),
        closed_at=issued_then + timedelta(days=31),
        original_due_on=last_quarter[1],
        due_on=last_quarter[1],
    )
    warnings.refresh()

    outputs.special_report_create(
        item=overdue,
        by=staff,
        title="关于小区供暖问题整改情况的督查报告",
        background="群众反映城东片区部分小区供暖温度不达标，市政协将其列为督办事项。",
        issues=["整改方案未明确完成时限。", "供热企业与物业职责不清，推诿扯皮。"],
        suggestions="建议由市住建局牵头召开协调会，明确责任分工，限期整改到位。",
        leader_instruction="请市住建局高度重视，本月底前整改到位。——吴主席",
    )
    year, quarter = _quarter_of(last_quarter[0])
    figures = selectors.period_figures(committee.pk, year, quarter)
    if figures:
        praised, reminded = selectors.suggested_lists(figures)
        outputs.bulletin_issue(
            committee_id=committee.pk,
            by=staff,
            year=year,
            quarter=quarter,
            summary="",
            praised=praised,
            reminded=reminded,
        )


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1

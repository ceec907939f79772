"""Demo 社情民意 (settings.DEMO_LOADERS): an 安平县 member's item edited, signed and published by
the county, reported to 青州市政协 and on to 江临省政协, adopted at both, with the city mayor's
instruction (a principal leader's: it opens a supervision item for 市卫生健康委员会, whose clerk
demo_unit_health reports it done; once the supervision office accepts it, the report reaches the
authors as the instruction's feedback and earns them the feedback points); beside it, items in every step of
the county's and the city's work, and a participating unit's item sent in by its liaison officer.

Runs through the services, like real use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengxie.org import services as org
from zhengxie.org.demo import DEMO_PASSWORD
from zhengxie.org.models import Committee, HandlingUnit, Member, ParticipatingUnit
from zhengxie.org.roles import Role
from zhengxie.supervision.models import Item
from zhengxie.supervision.services import items as supervision

from .models import Correspondent, Issue, Opinion
from .services import adoption, editing, reporting, submission

PROVINCE, CITY, COUNTY = "DEMO", "DEMO-01", "DEMO-0101"
# The account this loader adds (README lists it): the clerk of the department that carries out
# the city mayor's instruction.
HEALTH_CLERK = "demo_unit_health"

CHAIN_TITLE = "关于破解乡村卫生室“空心化”问题的建议"
CHAIN_BODY = """【情况】安平县现有村卫生室186个，其中41个长期无固定乡村医生，由乡镇卫生院每周派员坐诊一至两次；在岗乡村医生平均年龄58岁，45岁以下的仅占12%。
【分析】一是待遇偏低，乡村医生年收入普遍不足3万元，且无稳定养老保障；二是编制和职称通道不畅，年轻医学毕业生不愿下沉；三是基本公共卫生任务繁重，挤占诊疗时间。
【建议】一是落实乡村医生补助动态增长机制，将其纳入城乡居民基本养老保险的补贴范围；二是推行“县管乡用、乡聘村用”，由县域医共体统一招聘、派驻；三是将村卫生室纳入医共体一体化管理，实行远程会诊全覆盖。"""

OTHERS = (
    ("关于规范农村集体经营性建设用地入市的建议", "county", "received"),
    ("关于加强县城老旧小区消防通道管理的建议", "county", "editing"),
    ("关于校外托管机构监管缺位的情况反映", "county", "signoff"),
    ("关于农村客运班线停运影响群众出行的反映", "city", "received"),
    ("关于优化新能源汽车充电桩布局的建议", "city", "signoff"),
    ("关于高校毕业生“慢就业”现象的分析与建议", "city", "editing"),
)


def load() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
    county = Committee.objects.get(code=COUNTY)
    city = Committee.objects.get(code=CITY)
    county_info, county_leader = users["demo_county_info"], users["demo_county_leader"]
    city_info, city_leader = users["demo_info_staff"], users["demo_leader"]
    province_info, province_leader = users["demo_province_info"], users["demo_province_leader"]
    author = users["demo_county_member"]
    today = timezone.localdate()

    def to_signed(opinion: Opinion, info: object, leader: object) -> Opinion:
        editing.opinion_accept(opinion=opinion, by=info)
        editing.opinion_request_signoff(opinion=opinion, by=info)
        return editing.opinion_sign(opinion=opinion, by=leader, approve=True)

    # The chain: county → city → province.
    mate = Member.objects.filter(committee=county).exclude(person__user=author).order_by("id").first()
    item = submission.opinion_create(
        committee_id=county.pk,
        by=author,
        data=submission.Draft(title=CHAIN_TITLE, body=CHAIN_BODY, coauthors=[mate] if mate else []),
    )
    editing.opinion_accept(opinion=item, by=county_info)
    editing.opinion_edit(
        opinion=item,
        by=county_info,
        title=CHAIN_TITLE,
        body=CHAIN_BODY.replace("一是落实", "一是建立").replace(
            "全覆盖。", "全覆盖，2年内实现每村至少1名乡村医生。"
        ),
        note="精简表述，补充工作目标",
    )
    editing.opinion_request_signoff(opinion=item, by=county_info)
    editing.opinion_sign(opinion=item, by=county_leader, approve=True)
    editing.issue_publish(
        committee_id=county.pk, by=county_info, series=Issue.Series.BULLETIN, opinions=[item]
    )
    party = reporting.report_send(
        opinion=item, by=county_info, target="party", target_name="中共安平县委办公室"
    )
    reporting.report_decide(report=party, by=county_info, status="adopted", note="县委《每日要情》采用")
    to_city = reporting.report_send(opinion=item, by=county_info, target="parent")
    at_city = Opinion.objects.get(reported_via=to_city)
    to_signed(at_city, city_info, city_leader)
    editing.issue_publish(committee_id=city.pk, by=city_info, series=Issue.Series.SPECIAL, opinions=[at_city])
    at_city.refresh_from_db()
    health = HandlingUnit.objects.get(committee=city, name="市卫生健康委员会")
    instruction = adoption.instruction_record(
        opinion=at_city,
        by=city_info,
        leader_name="青州市市长",
        level="city",
        text="请市卫健委会同市财政局研究，提出稳定乡村医生队伍的具体措施。",
        given_on=today,
        is_principal=True,
        department=health,
        due_on=today + timedelta(days=60),
    )
    _carry_out(instruction.supervision_item_id or 0, health, users)
    to_province = reporting.report_send(opinion=at_city, by=city_info, target="parent")
    at_province = Opinion.objects.get(reported_via=to_province)
    to_signed(at_province, province_info, province_leader)
    editing.issue_publish(
        committee_id=at_province.committee_id,
        by=province_info,
        series=Issue.Series.BULLETIN,
        opinions=[at_province],
    )

    # Items in the other steps, at the county and the city.
    city_author = users["demo_member"]
    for title, where, state in OTHERS:
        committee, by, info = (
            (county, author, county_info) if where == "county" else (city, city_author, city_info)
        )
        opinion = submission.opinion_create(
            committee_id=committee.pk,
            by=by,
            data=submission.Draft(
                title=title, body=CHAIN_BODY.split("【建议】")[0] + "【建议】请有关部门研究解决。"
            ),
        )
        if state in ("editing", "signoff"):
            editing.opinion_accept(opinion=opinion, by=info)
        if state == "signoff":
            editing.opinion_request_signoff(opinion=opinion, by=info)

    # A participating unit's item, sent in by its liaison officer (the city's demo member), who
    # screens the items the unit's members write.
    unit = ParticipatingUnit.objects.filter(committee=city).order_by("id").first()
    if unit is not None:
        Correspondent.objects.create(
            committee=city, kind="liaison", name=f"{unit.name}信息联络员", user=city_author, unit=unit
        )
        submission.opinion_create(
            committee_id=city.pk,
            by=city_author,
            data=submission.Draft(
                title="关于城郊结合部垃圾分类收运不畅的反映", body=CHAIN_BODY, channel="unit", unit=unit
            ),
        )


def _carry_out(item_id: int, unit: HandlingUnit, users: dict[str, Any]) -> None:
    """The instruction's supervision item runs its course: approved, issued, signed for and
    reported done by the department, then accepted, which feeds the report back to the authors."""
    clerk = users.get(HEALTH_CLERK) or _clerk(unit)
    staff = users["demo_supervision_staff"]

    def item() -> Item:
        return Item.objects.get(pk=item_id)

    supervision.item_approve(item=item(), by=users["demo_leader"])
    supervision.item_issue(item=item(), by=staff)
    supervision.item_sign(item=item(), by=clerk)
    supervision.item_report_completion(
        item=item(),
        by=clerk,
        text="市卫健委已会同市财政局起草《关于进一步加强乡村医生队伍建设的实施意见》，"
        "将乡村医生补助标准提高20%，经市政府常务会议审议通过后印发实施。",
    )
    supervision.item_verify(item=item(), by=staff, accept=True, note="经核实，已落实。")


def _clerk(unit: HandlingUnit) -> Any:
    user = org.account_create(
        username=HEALTH_CLERK, display_name="郑卫健", password=None, by=None, must_change_password=False
    )
    # The same known password as the other demo accounts (org.demo does the same).
    get_user_model().objects.filter(pk=user.pk).update(
        password=make_password(DEMO_PASSWORD), privacy_acknowledged_at=timezone.now()
    )
    org.role_grant(user=user, committee=unit.committee, role=Role.UNIT_CLERK, by=None, handling_unit=unit)
    return user

"""Demo plenary business for 青州市政协: this year's plenary session (two weeks ahead) with its
members invited, a two-day agenda, three discussion groups with their rooms and members, and the
call for speeches with speeches in every state — one of the demo member's returned for revision,
others waiting, selected for oral or written delivery (the written one scores M06).

Runs through the services, like real use."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.consultations.models import Activity
from zhengxie.consultations.services import activities
from zhengxie.org.models import Committee, Member, ParticipatingUnit

from . import services
from .models import AgendaItem, Speech

CITY_CODE = "DEMO-01"
GROUPS = (("第一组（中共、无党派界别）", "政协三楼第一会议室"), ("第二组（民主党派界别）", "政协三楼第二会议室"),
          ("第三组（经济、农业界别）", "政协四楼会议室"))  # fmt: skip
SPEECHES = (
    ("关于推动县域经济高质量发展的建议", "written"),
    ("加快建设全国统一大市场的几点思考", "oral"),
    ("关于完善基层医疗服务体系的建议", "submitted"),
    ("做好新时代民族团结进步工作", "submitted"),
)
BODY = (
    "近年来，我市在推进高质量发展方面取得了积极成效，但仍存在一些短板和不足。\n"
    "一是要强化规划引领，统筹产业布局。二是要加大政策支持，优化营商环境。"
    "三是要注重人才培养，夯实发展基础。\n建议有关部门加强调研，尽快出台具体措施。"
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    users = get_user_model().objects.in_bulk(["demo_activity_staff", "demo_member"], field_name="username")
    staff, member_user = users["demo_activity_staff"], users["demo_member"]
    today = timezone.localdate()
    opens = today + timedelta(days=14)
    members = list(
        Member.objects.filter(committee=city, is_active=True).select_related("person").order_by("id")
    )
    me = next(m for m in members if m.person.user_id == member_user.pk)
    plenary = activities.activity_create(
        committee_id=city.pk, by=staff, kind=Activity.Kind.PLENARY,
        title=f"政协第十届青州市委员会第{today.year - 2022}次会议", starts_at=_at(opens, 9),
        ends_at=_at(opens + timedelta(days=1), 17), place="青州市会议中心",
    )  # fmt: skip
    activities.invite(activity=plenary, by=staff, members=members)
    for day, hour, kind, title, place in (
        (
            opens,
            9,
            AgendaItem.Kind.ASSEMBLY,
            "开幕大会：听取常委会工作报告和提案工作情况报告",
            "会议中心大礼堂",
        ),
        (opens, 14, AgendaItem.Kind.GROUP, "分组讨论常委会工作报告和政府工作报告", "各组讨论室"),
        (opens + timedelta(days=1), 9, AgendaItem.Kind.ASSEMBLY, "大会发言", "会议中心大礼堂"),
        (opens + timedelta(days=1), 15, AgendaItem.Kind.ASSEMBLY, "闭幕大会：通过决议", "会议中心大礼堂"),
    ):
        services.agenda_add(
            activity=plenary, by=staff, kind=kind, title=title, starts_at=_at(day, hour),
            ends_at=_at(day, hour + 2, 30), place=place, presider="政协主席",
        )  # fmt: skip
    others = [m for m in members if m.pk != me.pk]
    for i, (name, room) in enumerate(GROUPS):
        share = others[i::3]
        group = services.group_create(
            activity=plenary, by=staff, name=name, room=room, convener=share[0] if share else None,
            secretary="办公室工作人员",
        )  # fmt: skip
        seated = share[1:] + ([me] if i == 0 else [])
        if seated:
            services.group_seat(group=group, by=staff, members=seated)
    call = services.call_open(
        activity=plenary, by=staff, title=f"{plenary.title}大会发言征集",
        guidance="围绕全市中心工作和群众关切选题，每篇不超过2500字；以党派、界别名义提交的请注明。",
        closes_at=_at(opens - timedelta(days=3), 18),
    )  # fmt: skip
    parties = list(ParticipatingUnit.objects.filter(committee=city, kind="party").order_by("id"))
    for i, (title, state) in enumerate(SPEECHES):
        author = others[i % len(others)]
        by = author.person.user if author.person.user_id else staff
        speech = services.speech_submit(
            call=call, by=by, author=author, title=title, body=BODY,
            unit=parties[i % len(parties)] if parties and i % 2 == 0 else None,
        )  # fmt: skip
        if state in (Speech.State.ORAL, Speech.State.WRITTEN):
            services.speech_decide(
                speech=speech, by=staff, decision=state, order=1 if state == "oral" else None
            )
    mine = services.speech_submit(
        call=call, by=member_user, author=me, title="关于加强老旧小区适老化改造的建议", body=BODY
    )
    services.speech_decide(
        speech=mine,
        by=staff,
        decision=Speech.State.RETURNED,
        note="请补充本市老旧小区的具体数据，并压缩到2000字以内。",
    )

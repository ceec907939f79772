"""Demo group exchange for 青州市政协: a sector group formed by the office with all of demo_member's
sector who have accounts, and a research team formed by a member, each with a conversation in
which others wrote after demo_member last read (his home page shows 未读消息); contact settings
(demo_member and some speakers show their phone, the staff their office phones) and one
member's conversation with the office.

Runs through the services, like real use; it relies on the topic groups' demo accounts
(demo_group_NN), which that loader creates first."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from zhengxie.org.models import Committee, Member

from . import contacts, services
from .models import Group

CITY_CODE = "DEMO-01"

SECTOR_TALK = (
    ("staff", "各位委员：本月界别活动定于下周四下午在市政协三楼会议室举行，请安排好时间。"),
    ("a", "收到，准时参加。"),
    ("b", "建议活动时请市发改委介绍一下营商环境评价的情况。"),
    ("me", "赞同，我们可以结合调研准备几条建议。"),
    ("staff", "好的，已与市发改委联系。会议材料稍后发到群里。"),
    ("a", "请问需要提前提交书面发言吗？"),
    ("staff", "书面发言请在活动前两天发给我，篇幅一千字以内。"),
)
TEAM_TALK = (
    ("owner", "课题组成立了，题目是“社区居家养老服务供给”。调研提纲初稿请大家看看。"),
    ("me", "提纲第三部分建议增加对助餐服务的调查。"),
    ("owner", "好，我来修改。下周二去两个社区实地走访。"),
    ("b", "我联系了街道，周二上午可以座谈。"),
    ("owner", "修改后的提纲已经完成，请大家周一前提意见。"),
)


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    users = get_user_model().objects.in_bulk(
        ["demo_activity_staff", "demo_proposal_staff", "demo_info_staff", "demo_member"],
        field_name="username",
    )
    staff, me = users["demo_activity_staff"], users["demo_member"]
    sector = Member.objects.select_related("sector").get(committee=city, person__user=me).sector
    speakers = list(
        get_user_model()
        .objects.filter(username__startswith="demo_group_", person__memberships__committee=city)
        .order_by("username")
    )
    same = [
        u for u in speakers if Member.objects.filter(committee=city, person__user=u, sector=sector).exists()
    ]
    others = [u for u in speakers if u not in same]
    a, b = (same + others)[:2]
    sector_group = services.group_create(
        committee_id=city.pk,
        by=staff,
        name=f"{sector.name}委员交流群",
        kind=Group.Kind.SECTOR,
        sector=sector,
        user_ids=[a.pk, b.pk],
    )
    who = {"staff": staff, "a": a, "b": b, "me": me}
    for n, (key, text) in enumerate(SECTOR_TALK):
        services.message_post(group=sector_group, by=who[key], body=text)
        if n == 3:
            services.mark_read(group=sector_group, by=me)
    owner = others[2] if len(others) > 2 else b
    team = services.group_create(
        committee_id=city.pk,
        by=owner,
        name="社区居家养老课题调研组",
        kind=Group.Kind.TEAM,
        user_ids=[me.pk, b.pk, users["demo_activity_staff"].pk],
    )
    who = {"owner": owner, "me": me, "b": b}
    for key, text in TEAM_TALK:
        services.message_post(group=team, by=who[key], body=text)
    contacts.card_update(by=me, show_phone=True, show_work=True)
    for user in speakers[::2]:
        contacts.card_update(by=user, show_phone=True, show_work=False)
    for username, phone, note in (
        ("demo_proposal_staff", "0536-8230101", "提案提交、办理和答复"),
        ("demo_info_staff", "0536-8230102", "社情民意信息报送"),
        ("demo_activity_staff", "0536-8230103", "会议活动、请假和履职登记"),
    ):
        contacts.card_update(
            by=users[username], show_phone=False, show_work=False, office_phone=phone, liaison_note=note
        )
    contacts.write_to_office(
        by=speakers[-1],
        committee_id=city.pk,
        topic="proposals",
        body="请问今年提案截止时间是什么时候？联名提案需要几人附议？",
    )

"""Demo topic groups for 青州市政协: a busy standing group on old-residential-area renewal with
forty-odd posts and replies from a dozen members, useful marks, one post hidden by the office and
one numbered suggestion distilled from four posts and sent on as 社情民意; and a time-boxed group
for one sector, still open, where demo_member has not spoken yet (his home-page task).

Runs through the services, like real use. Members who speak get demo accounts (demo_group_NN) with
the demo password."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengxie.org import services as org
from zhengxie.org.demo import DEMO_PASSWORD
from zhengxie.org.models import Committee, Member, Person
from zhengxie.org.roles import Role

from . import services
from .models import Post

CITY_CODE = "DEMO-01"
SPEAKERS = 12

POSTS = (
    "老旧小区加装电梯，低层住户意见分歧大，建议明确费用分摊的指导标准。",
    "改造前要充分征求居民意见，建议推行“居民点单、政府派单”。",
    "很多小区缺少停车位，改造时可利用边角地建设立体停车设施。",
    "建议把适老化改造纳入改造内容，楼道扶手、坡道要同步建设。",
    "改造后的长效管理是难点，建议引入物业服务或者居民自治。",
    "管网老化问题突出，雨污分流应当与改造同步实施。",
    "建议设立专项资金，吸引社会资本参与。",
    "社区养老、托育等配套服务设施可以一并规划。",
    "施工期间扰民问题要有预案，及时公示工期。",
    "部分小区产权复杂，建议出台政策明确改造主体。",
)
REPLIES = ("赞同，我们界别调研时也发现了这个问题。", "补充一点：要注意资金绩效评价。", "这个建议很实在。")


def _speakers(city: Committee) -> list[Any]:
    users = []
    members = (
        Member.objects.filter(committee=city, is_active=True, person__user__isnull=True)
        .select_related("person")
        .order_by("id")[:SPEAKERS]
    )
    password = make_password(DEMO_PASSWORD)
    for n, member in enumerate(members, start=1):
        user = org.account_create(
            username=f"demo_group_{n:02d}",
            display_name=member.person.name,
            password=None,
            by=None,
            must_change_password=False,
        )
        get_user_model().objects.filter(pk=user.pk).update(
            password=password, privacy_acknowledged_at=timezone.now()
        )
        org.role_grant(user=user, committee=city, role=Role.MEMBER, by=None)
        Person.objects.filter(pk=member.person_id).update(user=user)
        users.append(user)
    return users


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    users = get_user_model().objects.in_bulk(
        ["demo_activity_staff", "demo_info_staff", "demo_member"], field_name="username"
    )
    staff, info, me = users["demo_activity_staff"], users["demo_info_staff"], users["demo_member"]
    rng = random.Random(23)
    speakers = _speakers(city)
    busy = services.group_create(
        committee_id=city.pk,
        by=staff,
        data=services.GroupDraft(
            title="推进城市更新和老旧小区改造",
            description="围绕市政协年度重点协商议题，请委员就老旧小区改造的资金、管理、适老化等问题建言。",
        ),
    )
    posts: list[Post] = []
    for i in range(40):
        author = me if i % 9 == 4 else speakers[i % len(speakers)]
        posts.append(services.post_create(group=busy, by=author, body=f"{POSTS[i % len(POSTS)]}（{i + 1}）"))
    for post in rng.sample(posts, 12):
        services.post_create(group=busy, by=rng.choice(speakers), body=rng.choice(REPLIES), parent=post)
    for post in posts[:10]:
        for user in rng.sample(speakers, 4):
            if user.pk != post.author_id:
                services.useful_toggle(post=post, by=user)
    services.post_hide(post=posts[-1], by=staff, reason="内容与议题无关")
    suggestion = services.suggestion_create(
        group=busy,
        by=info,
        data=services.SuggestionDraft(
            area="城乡建设",
            title="关于完善老旧小区改造长效机制的建议",
            summary="一、明确加装电梯费用分摊标准；二、同步实施适老化改造；三、改造后引入物业服务或居民自治，建立长效管理机制。",
            post_ids=[posts[0].pk, posts[3].pk, posts[4].pk, posts[13].pk],
        ),
    )
    services.suggestion_send(suggestion=suggestion, by=info)
    services.suggestion_create(
        group=busy,
        by=info,
        data=services.SuggestionDraft(
            area="城乡建设",
            title="关于统筹建设社区养老托育设施的建议",
            summary="结合老旧小区改造，统筹规划社区养老、托育等配套服务设施。",
            post_ids=[posts[7].pk, posts[17].pk],
        ),
    )
    sector = Member.objects.get(committee=city, person__user=me).sector
    timed = services.group_create(
        committee_id=city.pk,
        by=staff,
        data=services.GroupDraft(
            title=f"{sector.name}委员谈优化营商环境",
            description="限时议政：请本界别委员一周内就优化营商环境提出意见建议。",
            kind="timed",
            closes_at=timezone.now() + timedelta(days=7),
            sectors=[sector],
        ),
    )
    same_sector = [u for u in speakers if Member.objects.filter(person__user=u, sector=sector).exists()]
    for user in same_sector[:3]:
        services.post_create(group=timed, by=user, body="建议进一步压缩审批时限，推行“一件事一次办”。")

"""Demo grassroots work for 青州市政协 (its platforms come from consultations' demo): two
township activity groups, 河口镇's convener (account demo_convener, who sees only 河口镇's
platforms), the "五有" profiles, an enterprise platform, members assigned to platforms
(demo_member to 河口村), a platform consultation archived after its steps, one under way,
problems solved, passed on as 社情民意 and still open, and a member's visit."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from zhengxie.consultations.models import Platform
from zhengxie.org import services as org_services
from zhengxie.org.demo import DEMO_CODE, DEMO_PASSWORD
from zhengxie.org.models import Committee, Member
from zhengxie.org.roles import Role

from . import services


def load() -> None:
    city = Committee.objects.get(code=f"{DEMO_CODE}-01")
    users = get_user_model().objects.in_bulk(["demo_activity_staff", "demo_member"], field_name="username")
    staff, member_user = users["demo_activity_staff"], users["demo_member"]
    convener = org_services.account_create(
        username="demo_convener", display_name="刘召集", password=None, by=None, must_change_password=False
    )
    get_user_model().objects.filter(pk=convener.pk).update(
        password=make_password(DEMO_PASSWORD), privacy_acknowledged_at=timezone.now()
    )
    org_services.role_grant(user=convener, committee=city, role=Role.CONVENER, by=None)
    today = timezone.localdate()
    me = Member.objects.get(committee=city, person__user=member_user)
    others = list(
        Member.objects.filter(committee=city, is_active=True).exclude(pk=me.pk).order_by("id")[30:36]
    )

    groups = {
        town: services.group_create(committee_id=city.pk, by=staff, name=f"{town}政协活动小组", township=town)
        for town in ("城关街道", "河口镇")
    }
    services.convener_appoint(
        group=groups["河口镇"], by=staff, user=convener, appointed_on=today - timedelta(days=200)
    )
    services.platform_create(
        committee_id=city.pk, by=staff, name="河口镇化工园区企业议事室", level="enterprise", township="河口镇",
        group=groups["河口镇"],
    )  # fmt: skip
    for platform in Platform.objects.filter(committee=city).order_by("id"):
        group = groups.get(platform.township)
        services.profile_save(
            platform=platform, by=staff, convener_name="刘强" if platform.township == "河口镇" else "陈敏",
            venue=f"{platform.name}活动室", has_sign=True, system="每月第一周议事，议题公示、结果公开",
            has_archive=platform.level == "township", group=group, set_group=True,
        )  # fmt: skip
    village = Platform.objects.get(committee=city, village="河口村")
    enterprise = Platform.objects.get(committee=city, level="enterprise")
    services.members_assign(platform=village, by=staff, members=[me, *others[:2]])
    services.members_assign(platform=enterprise, by=staff, members=others[2:5])

    done = services.record_open(
        platform=village, by=convener, title="村内道路硬化和路灯安装", note="村民代表会议提出，村两委同意列为议题。",
        done_on=today - timedelta(days=40),
    )  # fmt: skip
    services.record_advance(
        record=done, by=convener, note="走访农户32户，查看路段3处。", done_on=today - timedelta(days=35)
    )
    services.record_advance(
        record=done, by=convener, note="村民代表、镇住建办和委员共同协商，确定先硬化主干道1.2公里。",
        done_on=today - timedelta(days=30), participants=26, members=[me, others[0]],
    )  # fmt: skip
    solved = services.problem_raise(
        platform=village, by=convener, text="主干道雨天泥泞，学生上学不便", record=done
    )
    services.problem_resolve(
        problem=solved, by=convener, state="solved", outcome="主干道硬化已完工并通过验收"
    )
    passed = services.problem_raise(
        platform=village, by=convener, text="农村客运班车班次少，村民出行难", record=done
    )
    services.problem_resolve(
        problem=passed, by=convener, state="opinion", outcome="涉及全市客运线路调整，转社情民意信息"
    )
    services.record_advance(
        record=done, by=convener, note="已向村民公示协商结果和落实情况。", done_on=today - timedelta(days=10)
    )
    services.record_advance(
        record=done, by=convener, note="会议记录、照片和公示材料已归档。", done_on=today - timedelta(days=9)
    )

    services.record_open(
        platform=enterprise, by=convener, title="园区企业用工和职工通勤", note="园区企业联合提出。",
        done_on=today - timedelta(days=5),
    )  # fmt: skip
    services.problem_raise(platform=enterprise, by=convener, text="园区夜班职工通勤班车不足")
    services.visit_record(
        platform=village, member=me, by=member_user, visited_on=today - timedelta(days=3), people_met=12,
        summary="走访村卫生室和留守老人家庭，了解看病和养老情况。", problems=["村卫生室缺少常用慢性病药品"],
    )  # fmt: skip

"""Demo announcements (settings.DEMO_LOADERS): in 青州市 a required 知情明政 briefing to every
member, which demo_member has not read yet, and a notice to the standing members."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from zhengxie.org.models import Committee

from . import announcements as svc


def load() -> None:
    staff = get_user_model().objects.get(username="demo_activity_staff")
    city = Committee.objects.get(code="DEMO-01")
    svc.announcement_publish(
        committee_id=city.pk,
        by=staff,
        data=svc.AnnouncementData(
            kind="briefing",
            title="2026年前三季度全市经济社会发展情况通报",
            body=(
                "前三季度，全市地区生产总值同比增长5.6%，规模以上工业增加值增长6.8%，"
                "城乡居民人均可支配收入分别增长4.9%和6.7%。\n"
                "请各位委员结合界别调研，围绕稳增长、惠民生积极建言献策。"
            ),
            required=True,
        ),
    )
    svc.announcement_publish(
        committee_id=city.pk,
        by=staff,
        data=svc.AnnouncementData(
            title="关于召开市政协常委会第十次会议的通知",
            body="定于下月10日上午9时在市政协三楼会议室召开常委会第十次会议，请准时出席。",
            audience="standing",
        ),
    )

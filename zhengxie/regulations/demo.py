"""Demo regulations library for 青州市政协: rules of several kinds adopted over three years, two
of them revised, one repealed — so the yearly count of new and revised rules has something to
show. Runs through the services."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxie.org.models import Committee

from . import services

CITY_CODE = "DEMO-01"
RULES = (
    ("青州市政协全体会议工作规则", "meetings", 2),
    ("青州市政协常务委员会会议工作规则", "meetings", 2),
    ("青州市政协协商工作规则", "consultation", 1),
    ("青州市政协提案工作条例实施细则", "proposals", 1),
    ("青州市政协委员履职管理办法", "members", 0),
    ("青州市政协民主监督工作办法", "supervision", 0),
    ("青州市政协机关公文处理办法", "office", 0),
)
TEXT = "第一条 为规范工作，制定本办法。\n第二条 本办法适用于本会各有关方面。\n第三条 本办法自施行之日起施行。"


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    staff = get_user_model().objects.get(username="demo_activity_staff")
    today = timezone.localdate()
    for i, (title, category, years_ago) in enumerate(RULES):
        adopted = date(today.year - years_ago, 3, 1) + timedelta(days=i * 7)
        adopted = min(adopted, today)
        regulation = services.regulation_create(
            committee_id=city.pk, by=staff, title=title, category=category, adopted_on=adopted,
            effective_on=adopted + timedelta(days=14), text=TEXT, doc_number=f"青政协发〔{adopted.year}〕{i + 1}号",
        )  # fmt: skip
        if years_ago >= 1 and i % 2 == 0:
            revised = min(date(today.year, 2, 1) + timedelta(days=i), today)
            services.regulation_revise(
                regulation=regulation, by=staff, adopted_on=revised, effective_on=revised,
                text=TEXT + "\n第四条 根据新形势补充完善。", note="根据上级新规定修订",
            )  # fmt: skip
        if title.endswith("公文处理办法"):
            services.regulation_repeal(regulation=regulation, by=staff, repealed_on=today)

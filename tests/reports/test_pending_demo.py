"""On the demo data, every home-page item of every demo account opens a list that shows exactly
as many rows as the item counts (the count and the list are one selector, lib.pending.Task)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from zhengxie.accounts.models import User

# Not lists of the counted rows: the inbox of unread notices (all notices, unread in bold), a
# plan to approve and the standing member's report (their own pages), the holiday and security
# pages, and the member's unmet minimum duties (a checklist on the member's own record, each
# marked 未达到).
NOT_LISTS = (
    "/duty/#minimums",
    "/notices/",
    "/consultations/plans/",
    "/org/holidays/",
    "/accounts/security/",
    "/duty/my/standing-report/",
)


@pytest.mark.django_db(transaction=False)
def test_each_home_page_count_equals_the_list_it_opens(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DEMO_MODE = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    client = Client()
    checked: set[str] = set()
    problems = []
    for user in User.objects.filter(username__startswith="demo_").order_by("username"):
        client.force_login(user)
        home = client.get("/")
        if home.status_code == 302:
            continue  # a rater-only account's home is its rating list (checked in tests/assessment)
        for item in home.context["pending"]:
            if item.url.startswith(NOT_LISTS):
                continue
            response = client.get(item.url)
            assert response.status_code == 200, item.url
            if "page" not in response.context:
                problems.append(f"{user.username}: {item.label} → {item.url} is not a list")
                continue
            page = response.context["page"]
            shown = page.total if page.total else len(page.items)
            if shown != item.count:
                problems.append(f"{user.username}: {item.label} {item.count} → {item.url} shows {shown}")
            checked.add(item.label)
    assert not problems, "\n".join(problems)
    # The demo gives the roles work of these kinds; each was opened above.
    for label in (
        "待确认的联名提案",
        "待评价办理情况的提案",
        "待签收的提案",
        "待会签的提案答复",
        "待回复的活动邀请",
        "待审核的履职活动申报",
    ):
        assert label in checked, label

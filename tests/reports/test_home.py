from __future__ import annotations

import pytest
from django.urls import reverse

from zhengxie.notices.services import notify


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get("/")["Location"] == reverse("accounts:login") + "?next=/"


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        ("member_wang", "我的信息", "账号与角色"),
        ("sysadmin", "批量导入", "审计日志"),
        ("auditadmin", "审计日志", "批量导入"),
        ("secadmin", "安全管理", "委员名录"),
        ("unit_clerk", "本单位信息", "委员名录"),
    ],
)
def test_home_page_shows_the_roles_own_entry_points(client, p, persona, expected, absent):
    client.force_login(getattr(p, persona))
    page = client.get("/").content.decode()
    assert "工作台" in page and expected in page and absent not in page


def test_pending_items_list_unread_notices(client, p):
    notify(recipient=p.leader, key="x", title="请审阅")
    client.force_login(p.leader)
    page = client.get("/").content.decode()
    assert "未读消息" in page and 'data-testid="pending-list"' in page


def test_a_user_without_roles_is_told_to_ask_the_administrator(client, db):
    from zhengxie.org.services import account_create

    user = account_create(
        username="lonely", display_name="无角色", password=None, by=None, must_change_password=False
    )
    from django.utils import timezone

    type(user).objects.filter(pk=user.pk).update(privacy_acknowledged_at=timezone.now())
    client.force_login(user)
    assert "尚未分配任何政协的角色" in client.get("/").content.decode()


@pytest.mark.parametrize("notices", [2, 50])
def test_home_query_count_does_not_grow(client, p, notices, django_assert_num_queries):
    for i in range(notices):
        notify(recipient=p.sysadmin, key=f"k{i}", title="t")
    client.force_login(p.sysadmin)
    client.get("/")
    # 10: the system administrator's tiles of members without an account and of failed or stuck
    # jobs are one capped count each.
    with django_assert_num_queries(10):
        assert client.get("/").status_code == 200


def test_a_members_shortcuts_come_in_a_few_groups_with_the_first_open(client, p):
    from zhengxie.reports.workbench import SHORTCUTS, shortcuts

    groups = shortcuts({"member"})
    assert [title for title, _ in groups] == ["提案与建言", "会议活动", "学习与交流", "我的履职"]
    assert sum(len(entries) for _, entries in groups) == len(
        {name for _, entries in SHORTCUTS["member"] for _, name in entries}
    )
    client.force_login(p.member_wang)
    page = client.get("/").content.decode().split('data-testid="shortcuts"', 1)[1]
    assert page.count('data-testid="shortcut-group"') == 4
    assert page.count('data-testid="shortcut-group" open') == 1
    assert (
        page.index("提微建议")
        < page.index("我的会议活动")
        < page.index("委员学习")
        < page.index("申报履职活动")
    )


def test_several_roles_merge_their_groups_without_repeats(client, p):
    from zhengxie.reports.workbench import GROUP_ORDER, shortcuts

    groups = shortcuts({"leader", "proposal_staff", "member"})
    titles = [title for title, _ in groups]
    assert titles == [t for t in GROUP_ORDER if t in titles]
    names = [name for _, entries in groups for _, name in entries]
    assert len(names) == len(set(names)) and "proposals:topics" in names


def test_a_short_list_is_shown_without_groups(client, p):
    client.force_login(p.unit_clerk)
    page = client.get("/").content.decode()
    assert "本单位信息" in page and 'data-testid="shortcut-group"' not in page

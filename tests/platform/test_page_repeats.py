"""What every page repeats (the committee switcher, the roles behind the menu, the unread-notice
badge) is read once per request, and the unread count once per user while nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.opinions import conftest as opinions_conftest
from tests.opinions.conftest import Info
from tests.opinions.helpers import submitted as opinion_submitted
from tests.personas import Personas
from tests.proposals.helpers import filed_proposal
from zhengxie.notices import services as notices
from zhengxie.notices.models import Notice

pytestmark = pytest.mark.django_db

# The 社情民意 stories' personas, as fixtures of this module too.
media = opinions_conftest.media
opinion_people = opinions_conftest.o


def _page(client: Any, url: str) -> list[str]:
    client.get(url)  # warm-up: session, committee-year, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in captured.captured_queries]


def _repeats(sqls: list[str]) -> dict[str, int]:
    return {
        "unread": sum(1 for s in sqls if "COUNT" in s and '"notices_notice"' in s),
        "committees": sum(
            1 for s in sqls if s.startswith('SELECT "org_committee"."id", "org_committee"."name"')
        ),
        "roles": sum(1 for s in sqls if 'FROM "org_role_assignment"' in s and '"user_id" =' in s),
    }


def _pages(p: Personas, o: Info) -> list[tuple[str, Any, str]]:
    proposal = filed_proposal(p)
    opinion = opinion_submitted(p)
    notices.notify(recipient=p.member_wang, key="t1", title="新消息")
    notices.notify(recipient=p.proposal_staff, key="t1", title="新消息")
    notices.notify(recipient=o.county_info, key="t1", title="新消息")
    return [
        ("home, member", p.member_wang, reverse("home")),
        ("home, staff", p.proposal_staff, reverse("home")),
        ("proposal, member", p.member_wang, reverse("proposals:detail", args=[proposal.pk])),
        ("proposal, staff", p.proposal_staff, reverse("proposals:detail", args=[proposal.pk])),
        ("opinion, member", p.member_county, reverse("opinions:detail", args=[opinion.pk])),
        ("opinion, staff", o.county_info, reverse("opinions:detail", args=[opinion.pk])),
    ]


# Queries of each page (warm) before these were memoised, for the record: home 17 (member and
# staff), proposal 27 (member) / 26 (staff), opinion item 21 / 21; the home page counted the
# unread notices twice (badge and 工作台).


def test_every_page_reads_its_repeats_once(client: Any, p: Personas, opinion_people: Info) -> None:
    """Without a per-user cache: the unread count, the committees and the roles once each."""
    for label, user, url in _pages(p, opinion_people):
        client.force_login(user)
        sqls = _page(client, url)
        print(label, len(sqls), _repeats(sqls))
        assert _repeats(sqls) == {"unread": 1, "committees": 1, "roles": 1}, label


def test_unread_count_cached_per_user_until_a_notice_changes(
    client: Any, p: Personas, opinion_people: Info, settings: Any
) -> None:
    settings.UNREAD_CACHE_SECONDS = 300
    cache.clear()
    for label, user, url in _pages(p, opinion_people):
        client.force_login(user)
        sqls = _page(client, url)
        print(label, len(sqls), _repeats(sqls))
        assert _repeats(sqls) == {"unread": 0, "committees": 1, "roles": 1}, label

    client.force_login(p.member_wang)
    home = reverse("home")
    assert _badge(client, home) == "1"
    notices.notify(recipient=p.member_wang, key="t2", title="又一条")
    assert _badge(client, home) == "2"
    notices.notice_mark_read(notice=Notice.objects.get(recipient=p.member_wang, key="t1"))
    assert _badge(client, home) == "1"
    client.post(reverse("notices:mark_all_read"))
    assert _badge(client, home) is None


def _badge(client: Any, url: str) -> str | None:
    html = client.get(url).content.decode()
    marker = 'data-testid="unread-count">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_a_simple_page_costs_a_small_fixed_number_of_queries_and_writes_nothing(
    client: Any, p: Personas
) -> None:
    """The notice inbox of a member: the session, the user, the second factor, the roles, the
    page's count and rows, the committee switcher and the unread badge — and no session write
    (the idle expiry slides at most once a minute)."""
    for i in range(3):
        notices.notify(recipient=p.member_wang, key=f"n{i}", title="新消息")
    client.force_login(p.member_wang)
    sqls = _page(client, reverse("notices:inbox"))
    assert len(sqls) == 8, sqls
    assert not [s for s in sqls if s.startswith(("UPDATE", "INSERT", "DELETE"))]


def test_a_fragment_without_the_layout_reads_no_committees_nor_badge(client: Any, p: Personas) -> None:
    """Context processors are lazy: an htmx fragment that shows no layout does not pay for it."""
    from zhengxie.exchange import services as exchange
    from zhengxie.exchange.models import Group

    group = exchange.group_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        name="群",
        kind=Group.Kind.WORK,
        user_ids=[p.member_wang.pk],
    )
    client.force_login(p.member_wang)
    sqls = _page(client, reverse("exchange:poll", args=[group.pk]) + "?after=0")
    assert _repeats(sqls) == {"unread": 0, "committees": 0, "roles": 1}

"""Group-exchange and contacts pages run a fixed number of queries, however many rows."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import Personas, _user
from tests.querycount import same_for_few_and_many
from zhengxie.exchange import contacts, services
from zhengxie.exchange.models import Group
from zhengxie.org import services as org
from zhengxie.org.roles import Role

from .conftest import X


def test_the_group_list_does_not_grow(client: Client, p: Personas, x: X) -> None:
    def add(n: int) -> None:
        for i in range(n):
            g = services.group_create(
                committee_id=p.city.pk,
                by=p.activity_staff,
                name=f"群{i}",
                kind=Group.Kind.WORK,
                user_ids=[p.member_wang.pk],
            )
            services.message_post(group=g, by=p.activity_staff, body="通知")

    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("exchange:index"), add) <= 14
    assert same_for_few_and_many(client, reverse("exchange:index") + "?task=unread", add) <= 14
    client.force_login(p.activity_staff)
    assert same_for_few_and_many(client, reverse("exchange:committee_groups"), add) <= 14


def test_a_conversation_does_not_grow_with_messages(client: Client, p: Personas, x: X) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_exchange import PNG

    def add(n: int) -> None:
        for i in range(n):
            files = [SimpleUploadedFile("a.png", PNG, content_type="image/png")] if i % 3 == 0 else []
            services.message_post(
                group=x.group, by=x.zhao if i % 2 else p.activity_staff, body=f"消息{i}", files=files
            )

    client.force_login(p.member_wang)
    url = reverse("exchange:detail", args=[x.group.pk])
    assert same_for_few_and_many(client, url, add, many=35) <= 16
    assert same_for_few_and_many(client, reverse("exchange:poll", args=[x.group.pk]) + "?after=0", add) <= 8


def test_the_member_list_does_not_grow(client: Client, p: Personas, x: X) -> None:
    counter = iter(range(1000))

    def add(n: int) -> None:
        ids = [_user(f"s{next(counter)}", "工作人员", p.city, Role.ACTIVITY_STAFF).pk for _ in range(n)]
        services.members_add(group=x.group, by=p.activity_staff, user_ids=ids)

    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("exchange:members", args=[x.group.pk]), add) <= 18


def test_the_directory_does_not_grow(client: Client, p: Personas, x: X) -> None:
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            user = _user(f"m{i}", f"委员{i}", p.city, Role.MEMBER)
            person = org.person_find_or_create(
                name=f"委员{i}", gender="M", affiliation="群众", phone=f"1360000{i:04d}", by=None
            )
            person.user = user
            person.save(update_fields=["user"])
            org.member_create(committee=p.city, person=person, sector=p.sector, by=None)
            contacts.card_update(by=user, show_phone=i % 2 == 0, show_work=True)

    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("exchange:contacts"), add) <= 12
    assert same_for_few_and_many(client, reverse("exchange:office"), lambda n: None) <= 12


def test_a_poll_with_nothing_new_costs_six_queries_and_writes_nothing(
    client: Client, p: Personas, x: X
) -> None:
    """Polled every ten seconds by each open conversation: the session, the user, the second
    factor, the roles, the group and the (empty) messages after the last one shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    message = services.message_post(group=x.group, by=p.activity_staff, body="通知")
    client.force_login(p.member_wang)
    url = reverse("exchange:poll", args=[x.group.pk]) + f"?after={message.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    sqls = [q["sql"] for q in captured.captured_queries]
    assert len(sqls) == 6, sqls
    assert not [s for s in sqls if s.startswith(("UPDATE", "INSERT", "DELETE"))]
    # With a new message: its attachments and one UPDATE marking it read.
    services.message_post(group=x.group, by=p.activity_staff, body="又一条")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured.captured_queries) == 8

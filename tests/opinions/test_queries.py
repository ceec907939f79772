"""The lists and the item page run a fixed number of queries, however many rows they show."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.opinions.models import Opinion
from zhengxie.opinions.services import adoption

from .conftest import Info
from .helpers import at_city, published, submitted


def test_the_queue_query_count_does_not_grow(client: Client, p: Personas, o: Info) -> None:
    def add(n: int) -> None:
        for i in range(n):
            submitted(p, title=f"信息{Opinion.objects.count()}", coauthors=[o.li] if i % 2 else [])

    client.force_login(o.county_info)
    assert same_for_few_and_many(client, reverse("opinions:queue"), add) <= 14


def test_my_items_query_count_does_not_grow(client: Client, p: Personas, o: Info) -> None:
    client.force_login(p.member_county)
    assert (
        same_for_few_and_many(client, reverse("opinions:mine"), lambda n: [submitted(p) for _ in range(n)])
        <= 14
    )


def test_the_issue_list_query_count_does_not_grow(client: Client, p: Personas, o: Info) -> None:
    client.force_login(o.county_info)
    assert (
        same_for_few_and_many(
            client, reverse("opinions:issues"), lambda n: [published(p, o) for _ in range(n)]
        )
        <= 12
    )


def test_the_item_page_query_count_does_not_grow_with_levels_adoptions_and_instructions(
    client: Client, p: Personas, o: Info
) -> None:
    county, _ = at_city(p, o)

    def add(n: int) -> None:
        for _ in range(n):
            k = county.instructions.count()
            adoption.instruction_record(
                opinion=county,
                by=o.county_info,
                leader_name=f"领导{k}",
                level="county",
                text="阅",
                given_on=county.issued_at.date(),  # type: ignore[union-attr]
            )
            adoption.adoption_record(
                opinion=county,
                by=o.county_info,
                level="city",
                kind="adopted",
                recipient=f"市委办{k}",
                adopted_on=county.issued_at.date(),  # type: ignore[union-attr]
            )

    county.refresh_from_db()
    client.force_login(p.member_county)
    assert same_for_few_and_many(client, reverse("opinions:detail", args=[county.pk]), add) <= 24


def test_the_statistics_page_query_count_does_not_grow(client: Client, p: Personas, o: Info) -> None:
    client.force_login(o.county_info)
    assert (
        same_for_few_and_many(
            client, reverse("opinions:stats"), lambda n: [published(p, o) for _ in range(n)]
        )
        <= 18
    )


def test_the_correspondent_list_query_count_does_not_grow(client: Client, p: Personas, o: Info) -> None:
    from zhengxie.opinions.models import Correspondent

    def add(n: int) -> None:
        for i in range(n):
            Correspondent.objects.create(
                committee=p.county_a, kind="station", name=f"联络站{i}", user=o.informant
            )

    client.force_login(o.county_info)
    assert same_for_few_and_many(client, reverse("opinions:correspondents"), add) <= 12

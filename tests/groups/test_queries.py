"""Topic-group pages run a fixed number of queries, however many groups, posts or replies."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.groups import services
from zhengxie.groups.models import Post

from .conftest import G, new_group


def test_the_group_list_does_not_grow(client: Client, p: Personas, g: G) -> None:
    client.force_login(p.member_wang)
    add = lambda n: [new_group(p, title=f"议题{i}") for i in range(n)]  # noqa: E731
    assert same_for_few_and_many(client, reverse("groups:index"), add) <= 14


def test_a_group_page_does_not_grow_with_posts_pictures_and_marks(client: Client, p: Personas, g: G) -> None:
    def add(n: int) -> None:
        for i in range(n):
            post = services.post_create(group=g.group, by=p.member_wang if i % 2 else g.zhao, body=f"发言{i}")
            services.useful_toggle(post=post, by=p.member_wang if i % 2 == 0 else g.zhao)

    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("groups:detail", args=[g.group.pk]), add, many=25) <= 14
    client.force_login(p.info_staff)
    assert same_for_few_and_many(client, reverse("groups:detail", args=[g.group.pk]), add, many=25) <= 14


def test_a_thread_does_not_grow_with_replies(client: Client, p: Personas, g: G) -> None:
    root = services.post_create(group=g.group, by=p.member_wang, body="主帖")

    def add(n: int) -> None:
        for i in range(n):
            services.post_create(group=g.group, by=g.zhao, body=f"回复{i}", parent=root)

    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("groups:thread", args=[root.pk]), add, many=25) <= 18


def test_suggestion_pages_do_not_grow(client: Client, p: Personas, g: G) -> None:
    def add(n: int) -> None:
        for i in range(n):
            post = services.post_create(group=g.group, by=g.zhao, body=f"发言{i}")
            services.useful_toggle(post=post, by=p.member_wang)
            services.suggestion_create(
                group=g.group,
                by=p.info_staff,
                data=services.SuggestionDraft(area="教育", title=f"建议{i}", summary="s", post_ids=[post.pk]),
            )

    client.force_login(p.info_staff)
    assert same_for_few_and_many(client, reverse("groups:suggestions", args=[g.group.pk]), add) <= 14
    assert same_for_few_and_many(client, reverse("groups:suggestion_list"), add) <= 14
    first = Post.objects.order_by("id").first()
    assert first is not None
    suggestion = first.suggestions.get()
    suggestion.posts.add(*Post.objects.all()[:2])
    url = reverse("groups:suggestion", args=[suggestion.pk])
    assert (
        same_for_few_and_many(client, url, lambda n: suggestion.posts.add(*Post.objects.all()[: n + 2])) <= 14
    )

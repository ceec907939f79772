"""/api/v1/groups/: a member reads and posts from the phone; the office distils and sends on;
outside the group everything is 404; bad input is 422 or a refusal with a Chinese message."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.groups import services
from zhengxie.groups.models import Post, Suggestion

from .conftest import G
from .test_groups import PNG


def test_a_member_reads_posts_replies_and_marks_useful(client: Client, p: Personas, g: G) -> None:
    wang = bearer(p.member_wang)
    listed = client.get("/api/v1/groups/", headers=wang).json()
    assert [i["id"] for i in listed["items"]] == [g.group.pk]
    created = client.post(
        f"/api/v1/groups/{g.group.pk}/posts",
        {"body": "建议加装电梯"},
        content_type="application/json",
        headers=wang,
    )
    assert created.status_code == 201, created.content
    post_id = created.json()["id"]
    zhao = bearer(g.zhao)
    reply = client.post(
        f"/api/v1/groups/{g.group.pk}/posts",
        {"body": "赞同", "parent": post_id},
        content_type="application/json",
        headers=zhao,
    )
    assert reply.status_code == 201 and reply.json()["parent_id"] == post_id
    marked = client.post(f"/api/v1/groups/posts/{post_id}/useful", headers=zhao).json()
    assert marked == {"marked_useful": True, "useful_count": 1}
    posts = client.get(f"/api/v1/groups/{g.group.pk}/posts", headers=zhao).json()
    assert posts["items"][0]["reply_count"] == 1 and posts["items"][0]["marked_useful"]
    replies = client.get(f"/api/v1/groups/posts/{post_id}/replies", headers=wang).json()
    assert [r["body"] for r in replies["items"]] == ["赞同"]
    picture = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    uploaded = client.post(
        f"/api/v1/groups/{g.group.pk}/posts/upload", {"body": "现场照片", "picture": picture}, headers=wang
    )
    assert uploaded.status_code == 201 and len(uploaded.json()["pictures"]) == 1


def test_outside_the_group_everything_is_404(client: Client, p: Personas, g: G) -> None:
    post = services.post_create(group=g.group, by=p.member_wang, body="x")
    li = bearer(p.member_county)
    assert client.get("/api/v1/groups/", headers=li).json()["items"] == []
    assert client.get(f"/api/v1/groups/{g.group.pk}", headers=li).status_code == 404
    assert client.get(f"/api/v1/groups/{g.group.pk}/posts", headers=li).status_code == 404
    assert client.get(f"/api/v1/groups/posts/{post.pk}/replies", headers=li).status_code == 404
    answer = client.post(
        f"/api/v1/groups/{g.group.pk}/posts", {"body": "x"}, content_type="application/json", headers=li
    )
    assert answer.status_code == 404 and Post.objects.count() == 1


def test_bad_input_and_wrong_role(client: Client, p: Personas, g: G) -> None:
    wang = bearer(p.member_wang)
    too_long = client.post(
        f"/api/v1/groups/{g.group.pk}/posts",
        {"body": "长" * 2001},
        content_type="application/json",
        headers=wang,
    )
    assert too_long.status_code == 422
    empty = client.post(
        f"/api/v1/groups/{g.group.pk}/posts", {"body": "  "}, content_type="application/json", headers=wang
    )
    assert empty.status_code == 400 and empty.json()["message"] == "请填写内容"
    post = services.post_create(group=g.group, by=g.zhao, body="y")
    hide = client.post(
        f"/api/v1/groups/posts/{post.pk}/hide", {"reason": "r"}, content_type="application/json", headers=wang
    )
    assert hide.status_code == 403
    distil = client.post(
        f"/api/v1/groups/{g.group.pk}/suggestions",
        {"area": "a", "title": "t", "summary": "s", "posts": [post.pk]},
        content_type="application/json",
        headers=wang,
    )
    assert distil.status_code == 403 and not Suggestion.objects.exists()


def test_the_office_distils_and_sends_on(client: Client, p: Personas, g: G) -> None:
    post = services.post_create(group=g.group, by=p.member_wang, body="建议")
    info = bearer(p.info_staff)
    created = client.post(
        f"/api/v1/groups/{g.group.pk}/suggestions",
        {"area": "城乡建设", "title": "关于改造的建议", "summary": "内容", "posts": [post.pk]},
        content_type="application/json",
        headers=info,
    )
    assert created.status_code == 201 and created.json()["number"] == 1
    sent = client.post(f"/api/v1/groups/suggestions/{created.json()['id']}/send", headers=info)
    assert sent.status_code == 200 and sent.json()["state"] == "sent" and sent.json()["opinion_id"]
    again = client.post(f"/api/v1/groups/suggestions/{created.json()['id']}/send", headers=info)
    assert again.status_code == 400 and again.json()["message"] == "该建议已报送"

"""Topic groups: members of the audience post, reply and mark useful posts; everyone else sees
nothing of the group (404); the office moderates and distils numbered suggestions that go on as
社情民意 items crediting each author exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.duty.models import PointEntry
from zhengxie.groups import services
from zhengxie.groups.models import Post, Suggestion
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice
from zhengxie.opinions.models import Opinion

from .conftest import G, new_group

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_a_member_posts_with_a_picture_and_another_replies_and_marks_it_useful(
    client: Client, p: Personas, g: G
) -> None:
    client.force_login(p.member_wang)
    page = client.get(reverse("groups:detail", args=[g.group.pk]))
    assert page.status_code == 200 and "推进老旧小区改造" in page.content.decode()
    picture = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    response = client.post(
        reverse("groups:post", args=[g.group.pk]), {"body": "建议加装电梯", "picture": picture}
    )
    assert response.status_code == 302
    post = Post.objects.get(group=g.group)
    assert post.member_id == p.member_wang_record.pk and post.pictures.count() == 1
    assert client.get(reverse("groups:picture", args=[post.pictures.get().pk]))["Content-Type"] == "image/png"

    client.force_login(g.zhao)
    assert client.post(reverse("groups:thread", args=[post.pk]), {"body": "赞同"}).status_code == 302
    assert client.post(reverse("groups:useful", args=[post.pk])).status_code == 302
    post.refresh_from_db()
    assert post.reply_count == 1 and post.useful_count == 1
    assert "已点有用（1）" in client.get(reverse("groups:thread", args=[post.pk])).content.decode()
    g.group.refresh_from_db()
    assert g.group.post_count == 2
    assert AuditEvent.objects.filter(action="groups.post.created").count() == 2


def test_a_non_member_sees_nothing_of_a_group(client: Client, p: Personas, g: G) -> None:
    post = services.post_create(group=g.group, by=p.member_wang, body="建议一")
    for outsider in (p.member_county, p.county_b_staff, p.unit_clerk, p.proposal_staff):
        client.force_login(outsider)
        assert "推进老旧小区改造" not in client.get(reverse("groups:index")).content.decode()
        for url in (
            reverse("groups:detail", args=[g.group.pk]),
            reverse("groups:thread", args=[post.pk]),
            reverse("groups:suggestions", args=[g.group.pk]),
        ):
            assert client.get(url).status_code == 404, (outsider, url)
        assert client.post(reverse("groups:post", args=[g.group.pk]), {"body": "x"}).status_code == 404
        assert client.post(reverse("groups:useful", args=[post.pk])).status_code == 404
    assert Post.objects.count() == 1


def test_a_sector_group_admits_only_that_sectors_members(client: Client, p: Personas, g: G) -> None:
    group = new_group(p, title="教育界委员谈双减", sectors=[g.education])
    client.force_login(p.member_wang)  # 经济界
    assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 404
    client.force_login(g.zhao)
    assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 200


def test_a_group_of_the_committee_tree_admits_lower_committees_members(client: Client, p: Personas) -> None:
    group = new_group(p, title="全市委员谈乡村振兴", lower_committees=[p.county_a])
    client.force_login(p.member_county)
    assert client.get(reverse("groups:detail", args=[group.pk])).status_code == 200
    with pytest.raises(DomainError, match="不是本政协的下级政协"):
        new_group(p, title="x", lower_committees=[p.province])


def test_bad_input_is_refused_with_a_chinese_message_and_nothing_is_stored(
    client: Client, p: Personas, g: G
) -> None:
    client.force_login(p.member_wang)
    url = reverse("groups:post", args=[g.group.pk])
    response = client.post(url, {"body": "   "})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    fake = SimpleUploadedFile("假图.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(url, {"body": "正文", "picture": fake})
    assert response.status_code == 400 and "不是有效的图片文件" in response.content.decode()
    doc = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    assert client.post(url, {"body": "正文", "picture": doc}).status_code == 400
    assert client.post(url, {"body": "长" * 2001}).status_code == 400
    assert not Post.objects.exists()
    client.force_login(p.activity_staff)
    response = client.post(reverse("groups:create"), {"title": "", "description": "", "kind": "timed"})
    assert response.status_code == 400


def test_a_timed_group_refuses_posts_after_it_closes(p: Personas, g: G) -> None:
    group = new_group(p, kind="timed", closes_at=timezone.now() + timedelta(days=1))
    services.post_create(group=group, by=p.member_wang, body="及时发言")
    group.closes_at = timezone.now() - timedelta(minutes=1)
    group.save(update_fields=["closes_at"])
    with pytest.raises(DomainError, match="已结束"):
        services.post_create(group=group, by=p.member_wang, body="迟到的发言")


def test_a_moderator_hides_a_post_audited_and_members_no_longer_see_it(
    client: Client, p: Personas, g: G
) -> None:
    post = services.post_create(group=g.group, by=p.member_wang, body="无关广告内容")
    client.force_login(g.zhao)  # a member cannot hide
    assert client.post(reverse("groups:hide", args=[post.pk]), {"reason": "x"}).status_code == 404
    client.force_login(p.info_staff)
    client.post(reverse("groups:hide", args=[post.pk]), {"reason": "内容与议题无关"})
    post.refresh_from_db()
    assert post.is_hidden
    event = AuditEvent.objects.get(action="groups.post.hidden")
    assert event.data["reason"] == "内容与议题无关"
    assert Notice.objects.filter(recipient=p.member_wang, key=f"groups.hidden:{post.pk}").exists()
    client.force_login(g.zhao)
    assert "无关广告内容" not in client.get(reverse("groups:detail", args=[g.group.pk])).content.decode()
    assert client.get(reverse("groups:thread", args=[post.pk])).status_code == 404
    with pytest.raises(DomainError, match="已被隐藏"):
        services.post_hide(post=post, by=p.info_staff, reason="再次")


def test_a_distilled_suggestion_goes_on_as_an_opinion_crediting_each_author_once(
    client: Client, p: Personas, g: G
) -> None:
    wang1 = services.post_create(group=g.group, by=p.member_wang, body="建议一")
    wang2 = services.post_create(group=g.group, by=p.member_wang, body="建议二")
    zhao = services.post_create(group=g.group, by=g.zhao, body="建议三", parent=wang1)
    staff_post = services.post_create(group=g.group, by=p.activity_staff, body="机关补充")
    client.force_login(p.info_staff)
    response = client.post(
        reverse("groups:suggestions", args=[g.group.pk]),
        {
            "area": "城乡建设",
            "title": "关于老旧小区改造的建议",
            "summary": "综合建议",
            "posts": f"{wang1.pk}，{zhao.pk}",
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.number == 1
    # Further posts picked from the useful list join the ones typed in.
    services.suggestion_create(
        group=g.group,
        by=p.info_staff,
        data=services.SuggestionDraft(area="教育", title="第二条", summary="内容", post_ids=[wang2.pk]),
    )
    assert Suggestion.objects.get(number=2)
    suggestion.posts.add(wang2, staff_post)
    client.post(reverse("groups:suggestion_send", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.SENT
    opinion = Opinion.objects.get(pk=suggestion.opinion_id or 0)
    assert opinion.channel == Opinion.Channel.TOPIC_GROUP and opinion.link_id == suggestion.pk
    assert list(opinion.author_rows.order_by("order").values_list("member_id", flat=True)) == [
        p.member_wang_record.pk,
        g.zhao_record.pk,
    ]
    assert PointEntry.objects.filter(member=p.member_wang_record, rule__code="S01").count() == 1
    assert PointEntry.objects.filter(member=g.zhao_record, rule__code="S01").count() == 1
    # Sending again (a double click, a second tab) neither creates nor credits anything.
    response = client.post(reverse("groups:suggestion_send", args=[suggestion.pk]), follow=True)
    assert "该建议已报送" in response.content.decode()
    with pytest.raises(DomainError, match="已报送"):
        services.suggestion_send(suggestion=suggestion, by=p.info_staff)
    assert Opinion.objects.count() == 1 and PointEntry.objects.filter(rule__code="S01").count() == 2
    assert Notice.objects.filter(key__startswith=f"groups.credited:{suggestion.pk}:").count() == 2
    page = client.get(reverse("groups:suggestion", args=[suggestion.pk])).content.decode()
    assert "已转社情民意" in page and opinion.title in page


def test_lower_committee_authors_are_credited_once_in_their_own_committee(p: Personas) -> None:
    group = new_group(p, title="全市委员谈乡村振兴", lower_committees=[p.county_a])
    posts = [services.post_create(group=group, by=p.member_county, body=f"县里的情况{i}") for i in range(2)]
    suggestion = services.suggestion_create(
        group=group,
        by=p.activity_staff,
        data=services.SuggestionDraft(
            area="乡村振兴", title="建议", summary="内容", post_ids=[x.pk for x in posts]
        ),
    )
    services.suggestion_send(suggestion=suggestion, by=p.activity_staff)
    entries = PointEntry.objects.filter(rule__code="A03", member__committee=p.county_a)
    assert entries.count() == 1


def test_a_suggestion_needs_visible_posts_of_the_group_and_the_office(
    client: Client, p: Personas, g: G
) -> None:
    other = new_group(p, title="另一个群")
    foreign = services.post_create(group=other, by=p.member_wang, body="别的群")
    bad = services.SuggestionDraft(area="教育", title="t", summary="s", post_ids=[foreign.pk])
    with pytest.raises(DomainError, match="来源帖子须是本议政群"):
        services.suggestion_create(group=g.group, by=p.info_staff, data=bad)
    with pytest.raises(DomainError, match="请至少选择一条来源帖子"):
        services.suggestion_create(
            group=g.group,
            by=p.info_staff,
            data=services.SuggestionDraft(area="a", title="t", summary="s", post_ids=[]),
        )
    client.force_login(p.member_wang)  # a member cannot distil
    own = services.post_create(group=g.group, by=p.member_wang, body="x")
    response = client.post(
        reverse("groups:suggestions", args=[g.group.pk]),
        {"area": "a", "title": "t", "summary": "s", "posts": own.pk},
    )
    assert response.status_code == 404 and not Suggestion.objects.exists()
    client.force_login(p.info_staff)
    response = client.post(
        reverse("groups:suggestions", args=[g.group.pk]),
        {"area": "a", "title": "t", "summary": "s", "posts": "abc"},
    )
    assert response.status_code == 400 and "帖子编号须是数字" in response.content.decode()


def test_home_page_tasks_for_members_and_the_office(client: Client, p: Personas, g: G) -> None:
    client.force_login(p.member_wang)
    home = client.get("/").content.decode()
    assert "进行中的主题议政群（尚未发言）" in home
    listed = client.get(reverse("groups:index") + "?task=unposted").content.decode()
    assert "推进老旧小区改造" in listed
    post = services.post_create(group=g.group, by=p.member_wang, body="发言")
    assert "进行中的主题议政群（尚未发言）" not in client.get("/").content.decode()
    services.suggestion_create(
        group=g.group,
        by=p.info_staff,
        data=services.SuggestionDraft(area="a", title="待报送的那条", summary="s", post_ids=[post.pk]),
    )
    client.force_login(p.info_staff)
    assert "待报送的议政建议" in client.get("/").content.decode()
    assert "待报送的那条" in client.get(reverse("groups:suggestion_list") + "?task=draft").content.decode()


def test_opening_a_group_tells_its_members(p: Personas, g: G, run_jobs: object) -> None:
    with run_jobs():  # type: ignore[operator]
        group = new_group(p, title="新开的议政群")
    assert Notice.objects.filter(
        recipient=p.member_wang, key=f"groups.open:{group.pk}:{p.member_wang.pk}"
    ).exists()
    assert not Notice.objects.filter(
        recipient=p.member_county, key__startswith=f"groups.open:{group.pk}:"
    ).exists()


def test_staff_export_posts_members_cannot(client: Client, p: Personas, g: G) -> None:
    services.post_create(group=g.group, by=p.member_wang, body="导出的发言")
    client.force_login(p.member_wang)
    assert client.get(reverse("groups:export", args=[g.group.pk])).status_code == 404
    client.force_login(p.activity_staff)
    response = client.get(reverse("groups:export", args=[g.group.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")

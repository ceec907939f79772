"""要闻动态 and 政协知识: the office writes, publishes, withdraws and shares articles; members
read published ones (and those shared from above) on list, detail and home pages; drafts and
other committees' articles are 404; bad input stores nothing; pages keep a fixed query count."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.groups.test_groups import PNG
from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.news import services
from zhengxie.news.models import Article, Attachment
from zhengxie.regulations import services as regulations
from zhengxie.search.models import Document

pytestmark = pytest.mark.django_db


def _article(p: Personas, title: str = "市政协召开常委会议", **kwargs: object) -> Article:
    data = services.ArticleDraft(title=title, summary="会议审议了调研报告。", body="<p>正文</p>", **kwargs)  # type: ignore[arg-type]
    return services.article_create(committee_id=p.city.pk, by=p.activity_staff, data=data)


def _published(p: Personas, title: str = "市政协召开常委会议", **kwargs: object) -> Article:
    return services.article_publish(article=_article(p, title, **kwargs), by=p.activity_staff)


def test_a_published_article_reaches_members_list_detail_and_home_page(client: Client, p: Personas) -> None:
    draft = _article(p, "尚在起草的稿件")
    article = _published(p)
    client.force_login(p.member_wang)
    listing = client.get(reverse("news:index")).content.decode()
    assert "市政协召开常委会议" in listing and "尚在起草的稿件" not in listing
    page = client.get(reverse("news:detail", args=[article.pk])).content.decode()
    assert "<p>正文</p>" in page
    assert client.get(reverse("news:detail", args=[draft.pk])).status_code == 404
    home = client.get("/").content.decode()
    assert "要闻动态" in home and "市政协召开常委会议" in home and "尚在起草的稿件" not in home
    assert AuditEvent.objects.filter(action="news.article.published", object_id=str(article.pk)).exists()
    assert Document.objects.filter(kind="news", object_id=article.pk, office_open=True).exists()


def test_the_body_is_sanitised(p: Personas) -> None:
    article = services.article_create(
        committee_id=p.city.pk,
        by=p.activity_staff,
        data=services.ArticleDraft(title="标题", body='<p onclick="x()">好</p><script>alert(1)</script>'),
    )
    assert article.body == "<p>好</p>"


def test_withdrawn_and_scheduled_articles_are_hidden_from_members(client: Client, p: Personas) -> None:
    article = _published(p)
    later = services.article_publish(
        article=_article(p, "下周发布"), by=p.activity_staff, at=timezone.now() + timedelta(days=7)
    )
    services.article_withdraw(article=article, by=p.activity_staff)
    client.force_login(p.member_wang)
    assert client.get(reverse("news:detail", args=[article.pk])).status_code == 404
    assert client.get(reverse("news:detail", args=[later.pk])).status_code == 404
    client.force_login(p.activity_staff)
    assert "已撤回" in client.get(reverse("news:detail", args=[article.pk])).content.decode()


def test_wrong_state_is_refused_in_chinese(p: Personas) -> None:
    article = _published(p)
    with pytest.raises(DomainError, match="不能执行此操作"):
        services.article_publish(article=article, by=p.activity_staff)
    services.article_withdraw(article=article, by=p.activity_staff)
    with pytest.raises(DomainError, match="已撤回的文章不能修改"):
        services.article_update(article=article, by=p.activity_staff, data=services.ArticleDraft(title="新"))
    with pytest.raises(DomainError, match="不能执行此操作"):
        services.article_withdraw(article=article, by=p.activity_staff)
    empty = services.article_create(
        committee_id=p.city.pk, by=p.activity_staff, data=services.ArticleDraft(title="空稿")
    )
    with pytest.raises(DomainError, match="请先填写正文或摘要"):
        services.article_publish(article=empty, by=p.activity_staff)


def test_bad_input_stores_nothing(client: Client, p: Personas) -> None:
    with pytest.raises(DomainError, match="请填写标题"):
        services.article_create(
            committee_id=p.city.pk, by=p.activity_staff, data=services.ArticleDraft(title=" ")
        )
    client.force_login(p.activity_staff)
    fake = SimpleUploadedFile("封面.png", b"not a picture at all", content_type="image/png")
    response = client.post(
        reverse("news:create"), {"section": "news", "title": "带封面", "summary": "摘要", "cover": fake}
    )
    assert response.status_code == 200 and "附件内容与文件类型不符" in response.content.decode()
    too_long = client.post(reverse("news:create"), {"section": "news", "title": "长" * 201})
    assert too_long.status_code == 200 and "标题" in too_long.content.decode()
    assert not Article.objects.exists()


def test_only_the_office_writes_and_other_committees_see_nothing(client: Client, p: Personas) -> None:
    with pytest.raises(NotAllowed):
        services.article_create(
            committee_id=p.city.pk, by=p.member_wang, data=services.ArticleDraft(title="x")
        )
    article = _published(p)
    client.force_login(p.member_wang)
    assert client.get(reverse("news:create")).status_code == 404
    assert client.get(reverse("news:edit", args=[article.pk])).status_code == 404
    assert client.post(reverse("news:withdraw", args=[article.pk])).status_code == 404
    client.force_login(p.county_b_staff)  # 乙县: the city did not share it down
    assert client.get(reverse("news:detail", args=[article.pk])).status_code == 404
    client.force_login(p.sysadmin)
    assert client.get(reverse("news:index")).status_code == 404


def test_an_article_shared_down_reaches_the_counties(client: Client, p: Personas) -> None:
    article = _published(p)
    services.article_share(article=article, by=p.activity_staff, shared=True)
    client.force_login(p.member_county)
    assert "市政协召开常委会议" in client.get(reverse("news:index")).content.decode()
    assert client.get(reverse("news:detail", args=[article.pk])).status_code == 200


def test_the_office_writes_through_the_pages_with_cover_attachment_and_rules(
    client: Client, p: Personas, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    rule = regulations.regulation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="协商工作规则", category="consultation",
        adopted_on=date(2025, 3, 1), effective_on=date(2025, 3, 10), text="第一条",
    )  # fmt: skip
    client.force_login(p.activity_staff)
    cover = SimpleUploadedFile("封面.png", PNG, content_type="image/png")
    response = client.post(
        reverse("news:create"),
        {
            "section": "knowledge",
            "title": "政协协商怎样进行",
            "body": "<p>协商于决策之前</p>",
            "cover": cover,
            "regulations": [rule.pk],
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and article.section == "knowledge" and article.cover_name == "封面.png"
    upload = SimpleUploadedFile("说明.png", PNG, content_type="image/png")
    client.post(reverse("news:attachment_add", args=[article.pk]), {"upload": upload})
    assert Attachment.objects.filter(article=article).count() == 1
    client.post(reverse("news:publish", args=[article.pk]), {"at": ""})
    client.force_login(p.member_wang)
    page = client.get(reverse("news:detail", args=[article.pk])).content.decode()
    assert "协商工作规则" in page and reverse("regulations:detail", args=[rule.pk]) in page
    assert client.get(reverse("news:cover", args=[article.pk]))["Content-Type"] == "image/png"
    assert client.get(reverse("news:attachment", args=[Attachment.objects.get().pk])).status_code == 200
    assert "政协协商怎样进行" in client.get(reverse("news:knowledge")).content.decode()


def test_list_and_detail_pages_do_not_grow(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for i in range(n):
            _published(p, f"动态{i}")

    client.force_login(p.member_wang)
    assert same_for_few_and_many(client, reverse("news:index"), add) <= 14
    client.force_login(p.activity_staff)
    assert same_for_few_and_many(client, reverse("news:index"), add) <= 14
    article = _published(p)

    def attach(n: int) -> None:
        for i in range(n):
            Attachment.objects.create(
                committee=p.city, article=article, name=f"附件{i}.pdf", size=1, uploaded_by=p.activity_staff
            )

    assert same_for_few_and_many(client, reverse("news:detail", args=[article.pk]), attach) <= 16


def test_the_api_lists_and_shows_published_articles(client: Client, p: Personas) -> None:
    from tests.api.helpers import bearer

    draft = _article(p, "草稿")
    article = _published(p)
    wang = bearer(p.member_wang)
    listed = client.get("/api/v1/news/", headers=wang).json()
    assert [i["id"] for i in listed["items"]] == [article.pk]
    shown = client.get(f"/api/v1/news/{article.pk}", headers=wang).json()
    assert shown["body_html"] == "<p>正文</p>" and shown["section_label"] == "要闻动态"
    assert client.get(f"/api/v1/news/{draft.pk}", headers=wang).status_code == 404
    assert client.get("/api/v1/news/", {"section": "nonsense"}, headers=wang).status_code == 422

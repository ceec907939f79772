"""Demo data: published news (one with a cover, one with an attachment), a draft, knowledge
articles linking rules; seed: news and knowledge per committee."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.news.models import Article
from zhengxie.org.models import Committee


def test_demo_has_news_on_the_members_home_page_and_knowledge_with_rules(
    db: Any, settings: Any, tmp_path: Any
) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    city = Article.objects.filter(committee__code="DEMO-01")
    assert city.filter(state=Article.State.DRAFT).count() == 1
    assert city.exclude(cover="").exists() and city.filter(attachments__isnull=False).exists()
    knowledge = city.filter(section=Article.Section.KNOWLEDGE, regulations__isnull=False).distinct().get()
    client = Client()
    client.force_login(User.objects.get(username="demo_member"))
    home = client.get("/").content.decode()
    assert "要闻动态" in home and "市政协召开十届二十次常委会议" in home
    assert client.get(reverse("news:detail", args=[knowledge.pk])).status_code == 200


def test_county_seed_adds_news_and_knowledge(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    assert Article.objects.filter(committee=county, section=Article.Section.NEWS).count() == 30
    assert Article.objects.filter(committee=county, section=Article.Section.KNOWLEDGE).count() == 5

"""Demo data: a busy topic group with a distilled suggestion sent on; seed: a group per committee."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.verify import verify_chain
from zhengxie.groups.models import Post, Suggestion, TopicGroup
from zhengxie.org.models import Committee


def test_demo_has_a_busy_group_with_a_suggestion_sent_on(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    busy = TopicGroup.objects.get(committee__code="DEMO-01", title="推进城市更新和老旧小区改造")
    assert Post.objects.filter(group=busy).count() >= 50
    sent = Suggestion.objects.get(group=busy, state=Suggestion.State.SENT)
    assert sent.opinion is not None and sent.opinion.author_rows.count() >= 2
    assert verify_chain()[1] is None
    client = Client()
    client.force_login(User.objects.get(username="demo_member"))
    assert "进行中的主题议政群（尚未发言）" in client.get("/").content.decode()
    assert client.get(reverse("groups:detail", args=[busy.pk])).status_code == 200
    client.force_login(User.objects.get(username="demo_info_staff"))
    assert "待报送的议政建议" in client.get("/").content.decode()


def test_county_seed_adds_a_group_per_committee(db: Any) -> None:
    call_command("seed", "--scale", "county", verbosity=0)
    county = Committee.objects.get(code="SEED-county")
    group = TopicGroup.objects.get(committee=county)
    assert Post.objects.filter(group=group).count() == group.post_count
    assert Suggestion.objects.filter(group=group).count() == 1

"""E-mails carry absolute links (ZHENGXIE_SITE_URL) and come from the configured sender."""

from __future__ import annotations

from zhengxie.notices.models import Notice
from zhengxie.notices.services import absolute_url, email_text


def test_absolute_url_uses_the_site_address(settings):
    settings.ZHENGXIE_SITE_URL = "https://zx.example.cn"
    assert absolute_url("/proposals/3/") == "https://zx.example.cn/proposals/3/"
    assert absolute_url("proposals/3/") == "https://zx.example.cn/proposals/3/"
    assert absolute_url("https://other.example.cn/x/") == "https://other.example.cn/x/"
    assert absolute_url("") == ""


def test_email_text_ends_with_the_absolute_link(settings):
    settings.ZHENGXIE_SITE_URL = "https://zx.example.cn"
    notice = Notice(title="提案已交办", body="请签收。", url="/proposals/unit/assignments/5/")
    assert email_text(notice) == "请签收。\n\n查看详情：https://zx.example.cn/proposals/unit/assignments/5/"
    assert email_text(Notice(title="t", body="只有正文", url="")) == "只有正文"


def test_sender_is_named():
    from django.conf import settings

    assert settings.DEFAULT_FROM_EMAIL.startswith("智慧政协")
    assert settings.SERVER_EMAIL == settings.DEFAULT_FROM_EMAIL

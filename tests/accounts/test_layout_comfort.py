"""The layout every page shares: page titles, the skip link, the font-size switch, the login field."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from zhengxie.audit.models import AuditEvent

HOME = reverse("home")


def test_home_page_title_names_the_page_first(client, p):
    client.force_login(p.member_wang)
    page = client.get(HOME).content.decode()
    assert "<title>工作台 - 智慧政协</title>" in page


def test_login_page_title_and_autofocus(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "<title>登录 - 智慧政协</title>" in page
    field = re.search(r'<input[^>]*name="username"[^>]*>', page)
    assert field and "autofocus" in field.group(0)


def test_every_page_template_names_its_page():
    """The layout adds " - 智慧政协"; a page without its own title would read " - 智慧政协"."""
    root = Path(settings.BASE_DIR)
    missing = []
    for path in [*root.glob("zhengxie/*/templates/**/*.html"), *root.glob("templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        if '{% extends "base.html" %}' in text and not re.search(r"{% block title %}\s*\S", text):
            missing.append(str(path.relative_to(root)))
    assert missing == []


def test_skip_link_leads_to_the_main_content(client, p):
    client.force_login(p.member_wang)
    page = client.get(HOME).content.decode()
    body = page.split("<body", 1)[1]
    assert body.index('href="#main">跳到正文</a>') < body.index('class="topbar"')
    assert 'id="main"' in page


def test_font_size_is_remembered_for_the_user(client, p):
    client.force_login(p.member_wang)
    assert 'data-font="standard"' in client.get(HOME).content.decode()
    response = client.post(reverse("accounts:font_size"), {"font_size": "xlarge", "next": "/proposals/mine/"})
    assert response.status_code == 302 and response["Location"] == "/proposals/mine/"
    p.member_wang.refresh_from_db()
    assert p.member_wang.font_size == "xlarge"
    page = client.get(HOME).content.decode()
    assert 'data-font="xlarge"' in page
    assert re.search(r'value="xlarge"[^>]*aria-pressed="true"', page)
    assert AuditEvent.objects.filter(action="account.font_size_changed", actor=p.member_wang).count() == 1


def test_font_size_rejects_a_forged_value_and_a_foreign_next(client, p):
    client.force_login(p.member_wang)
    response = client.post(
        reverse("accounts:font_size"), {"font_size": "huge", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    p.member_wang.refresh_from_db()
    assert p.member_wang.font_size == "standard"
    assert not AuditEvent.objects.filter(action="account.font_size_changed").exists()


def test_form_labels_end_in_a_full_width_colon(client, p):
    client.force_login(p.member_wang)
    page = client.get(reverse("proposals:create")).content.decode()
    assert "案由：</label>" in page
    assert ":</label>" not in page


def test_no_template_prints_a_forms_errors_twice():
    """as_p / as_div already print the form's own errors at the top; a page that also printed
    `form.non_field_errors` showed every such error twice."""
    root = Path(settings.BASE_DIR)
    twice = []
    for path in [*root.glob("zhengxie/*/templates/**/*.html"), *root.glob("templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        for name in set(re.findall(r"{{ (\w+)\.non_field_errors }}", text)):
            if re.search(r"{{ " + name + r"\.as_(p|div|table) }}", text):
                twice.append(f"{path.relative_to(root)}: {name}")
    assert twice == []


def test_layout_has_no_inline_script():
    """A Content-Security-Policy without 'unsafe-inline' must not break the layout."""
    text = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")
    assert not re.search(r"\son[a-z]+=", text)
    assert not re.search(r"<script(?![^>]*\ssrc=)", text)

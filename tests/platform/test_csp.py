"""A strict Content-Security-Policy on every response, templates that need nothing inline, and
violation reports that are logged (rate-limited) without touching the database."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from zhengxie.lib import csp

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "zhengxie").glob("*/templates"))]
# What a strict policy blocks: a <script> without src, a <style> element, style="" and on…=""
# attributes, javascript: URLs and htmx's inline handlers (hx-on, evaluated as code).
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|\bhx-on\b|\bhx-on:|javascript:",
    re.IGNORECASE,
)
COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def test_no_template_has_inline_script_handlers_or_styles() -> None:
    files = [f for d in TEMPLATE_DIRS for f in d.rglob("*.html")]
    assert len(files) > 50
    found = [
        f"{f.relative_to(ROOT)}: {m.group(0)}"
        for f in files
        for m in INLINE.finditer(COMMENT.sub("", f.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_scan_would_see_each_kind_of_inline_code() -> None:
    for bad in (
        "<script>alert(1)</script>",
        '<select onchange="this.form.submit()">',
        '<span style="width:5rem">',
        "<style>p{}</style>",
        '<button hx-on:click="x()">',
        '<a href="javascript:void(0)">',
    ):
        assert INLINE.search(bad), bad
    assert not INLINE.search('<script src="/static/js/zhengxie.js" defer></script>')
    assert not INLINE.search('<select name="year" data-autosubmit>')


@pytest.mark.parametrize("user", [None, "member_wang", "proposal_staff", "sysadmin"])
def test_every_page_sends_the_policy(client: Client, p, user: str | None) -> None:
    if user:
        client.force_login(getattr(p, user))
    for url in (reverse("home"), reverse("accounts:login"), "/healthz", "/no-such-page/"):
        policy = client.get(url).headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "form-action 'self'" in policy and "report-uri /csp-report/" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_layout_configures_htmx_for_the_policy(client: Client, p) -> None:
    client.force_login(p.member_wang)
    page = client.get(reverse("home")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert config is not None
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }
    assert "js/zhengxie.js" in page


def _report(client: Client, **overrides: str) -> int:
    body = {
        "csp-report": {
            "document-uri": "https://zx.example.gov.cn/proposals/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "inline",
            "source-file": "https://zx.example.gov.cn/proposals/",
            "line-number": 12,
            **overrides,
        }
    }
    return client.post(csp.REPORT_PATH, json.dumps(body), content_type="application/csp-report").status_code


def test_a_violation_report_is_accepted_and_logged_without_a_session_or_csrf(
    caplog: pytest.LogCaptureFixture, django_assert_num_queries, db
) -> None:
    cache.clear()
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="zhengxie.csp"), django_assert_num_queries(0):
        assert _report(client) == 204
    assert "script-src-elem" in caplog.text and "/proposals/" in caplog.text
    # The Reporting API's format (a list of reports) is understood too.
    caplog.clear()
    body = [
        {"type": "csp-violation", "body": {"effectiveDirective": "style-src-attr", "blockedURL": "inline"}}
    ]
    with caplog.at_level(logging.WARNING, logger="zhengxie.csp"):
        status = client.post(
            csp.REPORT_PATH, json.dumps(body), content_type="application/reports+json"
        ).status_code
    assert status == 204 and "style-src-attr" in caplog.text


def test_reports_are_rate_limited_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    cache.clear()
    client = Client()
    with caplog.at_level(logging.WARNING, logger="zhengxie.csp"):
        for _ in range(csp.REPORTS_PER_MINUTE + 20):
            assert _report(client) == 204
    lines = [r for r in caplog.records if r.name == "zhengxie.csp"]
    assert len(lines) == csp.REPORTS_PER_MINUTE + 1  # the reports, then one line saying the rest are dropped
    assert "not logged" in lines[-1].getMessage()


def test_bad_reports_are_refused_plainly(db) -> None:
    client = Client()
    assert client.get(csp.REPORT_PATH).status_code == 405
    assert client.post(csp.REPORT_PATH, "not json", content_type="application/csp-report").status_code == 400
    big = json.dumps({"csp-report": {"blocked-uri": "x" * (csp.MAX_REPORT_BYTES + 1)}})
    assert client.post(csp.REPORT_PATH, big, content_type="application/csp-report").status_code == 413

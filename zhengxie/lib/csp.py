"""Content-Security-Policy: every response says that only the platform's own files may run.

The pages have no inline script, no inline event handler and no inline style (a test scans the
templates for them); behaviour lives in static/js/, htmx is told not to inject its indicator
styles and not to evaluate code (templates/base.html's htmx-config meta tag). A browser that
blocks something posts a report to REPORT_PATH; this middleware answers it itself, before the
session, CSRF and login machinery (a user on the forced password-change page reports too), and
logs it — at most REPORTS_PER_MINUTE lines a minute, so a noisy page cannot flood the log. No
database write per report.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("zhengxie.csp")

REPORT_PATH = "/csp-report/"
REPORTS_PER_MINUTE = 30
MAX_REPORT_BYTES = 16 * 1024

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        f"report-uri {REPORT_PATH}",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = receive_report(request) if request.path == REPORT_PATH else self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


def receive_report(request: HttpRequest) -> HttpResponse:
    """Log one violation report (the legacy `csp-report` body or the Reporting API's list)."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        body = json.loads(request.body[:MAX_REPORT_BYTES] or b"null")
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    reports = body if isinstance(body, list) else [body]
    for item in reports:
        if not isinstance(item, dict):
            continue
        report = item.get("csp-report") or item.get("body") or item
        if isinstance(report, dict) and _may_log():
            logger.warning(
                "CSP violation: %s blocked %s on %s (%s:%s)",
                str(report.get("violated-directive") or report.get("effectiveDirective") or "")[:100],
                str(report.get("blocked-uri") or report.get("blockedURL") or "")[:300],
                str(report.get("document-uri") or report.get("documentURL") or "")[:300],
                str(report.get("source-file") or report.get("sourceFile") or "")[:300],
                str(report.get("line-number") or report.get("lineNumber") or "")[:10],
            )
    return HttpResponse(status=204)


def _may_log() -> bool:
    """At most REPORTS_PER_MINUTE log lines a minute (counted in the configured cache: per process
    with the default local-memory cache); one line says when reports start being dropped."""
    key = f"csp-reports:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        count = 1
    if count == REPORTS_PER_MINUTE + 1:
        logger.warning(
            "CSP violation reports: more than %s this minute, the rest are not logged", REPORTS_PER_MINUTE
        )
    return count <= REPORTS_PER_MINUTE

"""Control characters are removed from everything a user or client sends.

C0 and C1 control characters (except tab, line feed and carriage return) have no place in the
platform's text: they cannot be written to Word or Excel files (XML forbids them), PostgreSQL
refuses NUL, and terminal escapes pasted into a proposal would reach every export. They are
removed once, at the edge: `ControlCharacterMiddleware` cleans every page request's query string
and form fields (so every form and every view reading `request.POST` gets clean text), the API's
parser cleans JSON bodies, query and form parameters (api/parsing.py). `lib/docx` and `lib/xlsx`
strip them again, so text stored before this rule cannot break a document either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

# C0 without \t \n \r, DEL, C1; also what XML 1.0 cannot carry at all (lone surrogates, U+FFFE/F).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_control(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def clean_data(value: Any) -> Any:
    """`value` with control characters removed from every string in it (keys too), at any depth."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    return value


def clean_querydict(data: QueryDict) -> QueryDict:
    if not any(
        CONTROL_CHARACTERS.search(k) or any(map(CONTROL_CHARACTERS.search, vs)) for k, vs in data.lists()
    ):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_control(key), [strip_control(v) for v in values])
    cleaned._mutable = False
    return cleaned


def _is_form(request: HttpRequest) -> bool:
    return request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")


class ControlCharacterMiddleware:
    """Every page's query string and submitted form fields, without control characters. The API
    (/api/) cleans its own input in its parser, where a malformed body gets the API's answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.GET = clean_querydict(request.GET)  # type: ignore[assignment]
            if request.method == "POST" and _is_form(request):
                request.POST = clean_querydict(request.POST)  # type: ignore[assignment]
        return self.get_response(request)

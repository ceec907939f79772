from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def event_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("todo")

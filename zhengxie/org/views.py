from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest) -> HttpResponse:
    return HttpResponse("todo")


switch_committee = member_list = unit_list = user_list = _todo

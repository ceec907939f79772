"""Which committee the user is working in. A person can hold roles in a city and a province
committee at once; the choice is kept in the session and must be one of the user's committees."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .scope import committee_ids

SESSION_KEY = "zx_committee_id"


def current_committee_id(request: HttpRequest) -> int | None:
    ids = committee_ids(request.user)
    if not ids:
        return None
    chosen = request.session.get(SESSION_KEY)
    if chosen in ids:
        return int(chosen)
    return min(ids)


class CurrentCommitteeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.committee_id = current_committee_id(request) if request.user.is_authenticated else None  # type: ignore[attr-defined]
        return self.get_response(request)

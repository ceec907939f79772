"""The search behind every picker: `/org/pick/<kind>/?q=…` answers at most 20 rows of the current
committee as JSON, for whoever may pick from that list there (404 otherwise)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .picker import KINDS, search
from .scope import require_role


@login_required
@require_GET
def pick(request: HttpRequest, kind: str) -> JsonResponse:
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    committee_id = require_role(request, *spec.roles)
    return JsonResponse({"results": search(kind, committee_id, request.GET.get("q", ""))})

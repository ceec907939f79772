from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in

from .workbench import pending_items, shortcuts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    committee_id = request.committee_id  # type: ignore[attr-defined]
    roles = roles_in(request.user, committee_id)
    return render(
        request,
        "reports/home.html",
        {
            "pending": pending_items(request.user, committee_id),
            "role_labels": [Role(r).label for r in sorted(roles)],
            "shortcuts": shortcuts(roles),
        },
    )

"""后台任务: the system administrator's list of failed and stuck background jobs, with a retry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhengxie.lib.errors import DomainError
from zhengxie.lib.jobs import troubled

from .job_services import job_retry
from .roles import Role
from .scope import require_role


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, Role.SYSADMIN)
    if request.method == "POST":
        try:
            label = job_retry(job_id=request.POST.get("job", ""), committee_id=committee_id, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已重新排队：{label}")
        return redirect("org:job_list")
    return render(request, "org/job_list.html", {"jobs": troubled(committee_id=committee_id)})

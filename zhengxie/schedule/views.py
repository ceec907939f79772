"""Pages of the forward schedule: the week or month (工作预安排) with each day's clashes, adding and
removing entries, the Word and Excel copies in the layout offices circulate, and each person's
calendar subscription (an ICS address that needs no login, issued and revoked by the person)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.lib.docx import OfficialDocument
from zhengxie.lib.errors import DomainError
from zhengxie.lib.xlsx import workbook_response
from zhengxie.org.models import Committee
from zhengxie.org.roles import Role
from zhengxie.org.scope import require_role, roles_in

from . import ics, selectors, services
from .forms import EntryForm, LeadersForm
from .models import ActivityLeader, Entry, FeedToken

HEADERS = ["日期", "星期", "时间", "类型", "事项", "地点", "参加领导", "承办"]


def _span(request: HttpRequest) -> tuple[str, date, date]:
    span = "month" if request.GET.get("span") == "month" else "week"
    raw = request.GET.get("start", "")
    try:
        anchor = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        anchor = timezone.localdate()
    if span == "month":
        first = anchor.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return span, first, nxt - timedelta(days=1)
    first = anchor - timedelta(days=anchor.weekday())
    return span, first, first + timedelta(days=6)


def _title(committee: Committee, span: str, first: date, last: date) -> str:
    if span == "month":
        return f"{committee.name}{first.year}年{first.month}月工作预安排"
    return f"{committee.name}工作预安排（{first:%Y年%m月%d日}—{last:%m月%d日}）"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *OFFICE_ROLES)
    span, first, last = _span(request)
    staff = Role.ACTIVITY_STAFF in roles_in(request.user, committee_id)
    form = EntryForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST":
        if not staff:
            raise Http404
        if form.is_valid():
            try:
                services.entry_create(committee_id=committee_id, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "已登记")
                return redirect(request.get_full_path())
    step = timedelta(days=31 if span == "month" else 7)
    context: dict[str, Any] = {
        "days": selectors.schedule(committee_id, first, last),
        "span": span,
        "first": first,
        "last": last,
        "prev": (first - step).isoformat(),
        "next": (last + timedelta(days=1)).isoformat(),
        "title": _title(Committee.objects.get(pk=committee_id), span, first, last),
        "form": form,
        "is_staff": staff,
    }
    return render(request, "schedule/index.html", context)


@login_required
@require_POST
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = require_role(request, Role.ACTIVITY_STAFF)
    entry = Entry.objects.filter(pk=pk, committee_id=committee_id).first()
    if entry is None:
        raise Http404
    services.entry_delete(entry=entry, by=request.user)
    messages.success(request, "已删除")
    return redirect("schedule:index")


@login_required
def activity_leaders(request: HttpRequest, pk: int) -> HttpResponse:
    """The office names its leaders who attend one of its own or co-organised activities."""
    committee_id = require_role(request, Role.ACTIVITY_STAFF)
    activity = selectors.committee_activities(committee_id).filter(pk=pk).select_related("committee").first()
    if activity is None:
        raise Http404
    chosen = ActivityLeader.objects.filter(committee_id=committee_id, activity=activity).values_list(
        "user_id", flat=True
    )
    data = request.POST if request.method == "POST" else None  # an empty choice is still a choice
    form = LeadersForm(data, committee_id=committee_id, initial={"leaders": list(chosen)})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_leaders_set(
                committee_id=committee_id,
                activity=activity,
                leaders=form.cleaned_data["leaders"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存参加领导")
            start = timezone.localtime(activity.starts_at).date().isoformat()
            return redirect(f"{reverse('schedule:index')}?start={start}")
    others = (
        ActivityLeader.objects.filter(activity=activity)
        .exclude(committee_id=committee_id)
        .select_related("user", "committee")
    )
    context = {
        "activity": activity,
        "form": form,
        "others": list(others),
        "clashes": selectors.activity_leader_clashes(activity, committee_id),
    }
    return render(request, "schedule/activity_leaders.html", context)


def _rows(days: list[selectors.Day]) -> list[list[str]]:
    out = []
    for day in days:
        for r in day.rows:
            when = f"{timezone.localtime(r.starts_at):%H:%M}—{timezone.localtime(r.ends_at):%H:%M}"
            out.append(
                [
                    f"{day.day:%m月%d日}",
                    day.weekday,
                    when,
                    r.kind,
                    r.title,
                    r.place,
                    "、".join(r.leaders),
                    r.organiser,
                ]
            )
    return out


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    committee_id = require_role(request, *OFFICE_ROLES)
    span, first, last = _span(request)
    committee = Committee.objects.get(pk=committee_id)
    title = _title(committee, span, first, last)
    days = selectors.schedule(committee_id, first, last)
    rows = _rows(days)
    if fmt == "xlsx":
        return workbook_response(f"{title}.xlsx", [("工作预安排", HEADERS, rows)])
    if fmt != "docx":
        raise Http404
    doc = OfficialDocument(issuer=committee.name, issued_on=timezone.localdate())
    doc.title(title)
    doc.table(HEADERS, rows or [["", "", "", "", "本期无安排", "", "", ""]])
    warnings = [f"{d.day:%m月%d日}：{w}" for d in days for w in d.warnings]
    if warnings:
        doc.heading("需协调事项")
        for w in warnings:
            doc.paragraph(w)
    doc.signature()
    return doc.response(f"{title}.docx")


@login_required
def subscription(request: HttpRequest) -> HttpResponse:
    """The person's own calendar address: issue a new one (the old stops working) or revoke it."""
    user: Any = request.user
    new_value = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_revoke(user=user)
            messages.success(request, "日历订阅地址已停用")
            return redirect("schedule:subscription")
        new_value = services.feed_issue(user=user)
    active = FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()
    url = request.build_absolute_uri(f"/schedule/ics/{new_value}.ics") if new_value else ""
    return render(request, "schedule/subscription.html", {"active": active, "url": url})


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed: no login, the secret address is the key; a revoked or unknown one is 404."""
    user = services.feed_user(token)
    if user is None:
        raise Http404
    body = ics.feed(
        selectors.person_feed(user), name=f"{user}的政协日程", host=request.get_host().split(":")[0]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response

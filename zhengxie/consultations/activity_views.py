"""Pages of meetings and activities: the list, creating one, its page (staff: invitations,
attendance, QR code, leave decisions, speeches; member: register, ask leave, remote sign-in), the
QR sign-in link a member's phone opens, the member's own activities, and the coordination
calendar with members' yearly load."""

from __future__ import annotations

import calendar as pycalendar
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.xlsx import workbook_response
from zhengxie.org.roles import Role

from . import selectors
from .forms import ActivityForm, InviteForm, LeaveForm, MonthForm
from .models import Activity, Invitation, Outcome, TripReport
from .permissions import get_activity_for_user, get_office_object, is_office, is_staff, my_member_ids
from .services import activities
from .views import office
from .workbench import MEMBER_TASKS, STAFF_TASKS


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    committee_id = office(request)
    upcoming = request.GET.get("upcoming") == "1"
    rows = selectors.activities(committee_id, upcoming=upcoming)
    task = STAFF_TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    page = keyset_page(request, rows)
    context = {
        "page": page,
        "task": task,
        "upcoming": upcoming,
        "is_staff": is_staff(request.user, committee_id),
    }
    return render_page(request, "consultations/activity_list.html", context)


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    committee_id = office(request, Role.ACTIVITY_STAFF)
    initial = (
        {"consultation": request.GET.get("consultation")}
        if request.GET.get("consultation", "").isdigit()
        else {}
    )
    form = ActivityForm(request.POST or None, committee_id=committee_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activities.activity_create(
                committee_id=committee_id, by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "活动已创建，请邀请参加委员")
            return redirect("consultations:activity_detail", activity.pk)
    return render(request, "consultations/form.html", {"form": form, "title": "新建会议活动"})


def _my_invitation(request: HttpRequest, activity: Activity) -> Invitation | None:
    ids = my_member_ids(request.user)
    if not ids:
        return None
    return Invitation.objects.filter(activity=activity, member_id__in=ids).select_related("activity").first()


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    office_user = is_office(request.user, activity.committee_id)
    context: dict[str, Any] = {
        "activity": activity,
        "office": office_user,
        "is_staff": is_staff(request.user, activity.committee_id),
        "mine": _my_invitation(request, activity),
        "now": timezone.now(),
        "sign_in_refusal": activities.sign_in_refusal(activity),
        "sign_in_opens_at": activities.sign_in_opens_at(activity),
    }
    context["trip_report"] = TripReport.objects.filter(activity=activity).first()
    context["today"] = timezone.localdate()
    if activity.consultation_id:
        context["outcomes"] = list(
            Outcome.objects.filter(consultation_id=activity.consultation_id, feedback_at__isnull=False)
        )
    if office_user:
        page = keyset_page(request, selectors.invitations_of(activity), page_size=50)
        context.update(
            page=page,
            invite_form=InviteForm(committee_id=activity.committee_id),
            statuses=Invitation.Attendance.choices[1:],
            warnings=selectors.notice_warnings(activity) + selectors.clashes_for(activity),
            summary=selectors.invitation_summary(activity),
        )
    else:
        context["leave_form"] = LeaveForm()
    return render_page(request, "consultations/activity_detail.html", context)


@login_required
@require_POST
def activity_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    activity: Activity = get_office_object(Activity, request.user, pk)
    if not is_staff(request.user, activity.committee_id):
        raise Http404
    by = request.user
    if action == "invite":
        form = InviteForm(request.POST, committee_id=activity.committee_id)
        if form.is_valid():
            try:
                n = activities.invite(activity=activity, by=by, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已邀请{n}名委员")
        else:
            messages.error(request, "所选委员、界别或专委会无效")
    elif action == "close":
        attempt(
            request,
            lambda: activities.activity_close(activity=activity, by=by),
            "活动已结束，出席情况已计入履职档案",
        )
    elif action == "cancel":
        attempt(
            request,
            lambda: activities.activity_cancel(
                activity=activity, by=by, reason=request.POST.get("reason", "")
            ),
            "活动已取消",
        )
    else:
        raise Http404
    return redirect("consultations:activity_detail", activity.pk)


ATTENDANCE_HEADER = (
    "姓名",
    "界别",
    "专委会",
    "回复",
    "请假事由",
    "出席情况",
    "签到时间",
    "签到方式",
    "发言次数",
)


@login_required
def attendance_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity's invitation and attendance list in Excel (capped like every list)."""
    activity: Activity = get_office_object(Activity, request.user, pk)
    rows = selectors.invitations_of(activity).select_related("member__special_committee")[
        : selectors.EXPORT_CAP
    ]
    lines = [
        (
            i.member.person.name,
            i.member.sector.name,
            i.member.special_committee.name if i.member.special_committee else "",
            i.get_reply_display(),
            i.leave_reason,
            i.get_attendance_display(),
            i.signed_in_at or "",  # an Excel date-time cell (lib/xlsx)
            ("远程" if i.remote else "工作人员代签" if i.signed_in_by_staff else "扫码")
            if i.signed_in_at
            else "",
            i.speeches,
        )
        for i in rows
    ]
    return workbook_response(f"{activity.title}出席情况.xlsx", [("出席情况", ATTENDANCE_HEADER, lines)])


@login_required
@require_POST
def invitation_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Staff act on one invitation (attendance, leave decision, speech); a member on his own
    (register, ask leave, remote sign-in)."""
    invitation = _invitation_for(request, pk)
    by = request.user
    own = invitation.member_id in my_member_ids(request.user)
    staff = is_staff(request.user, invitation.committee_id)
    if action == "register" and own:
        attempt(request, lambda: activities.invitation_register(invitation=invitation, by=by), "报名成功")
    elif action == "leave" and own:
        form = LeaveForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        attempt(
            request,
            lambda: activities.invitation_ask_leave(invitation=invitation, by=by, reason=reason),
            "请假申请已提交",
        )
    elif action == "remote" and own:
        attempt(
            request,
            lambda: activities.sign_in(
                activity=invitation.activity, member=invitation.member, by=by, remote=True
            ),
            "远程签到成功",
        )
    elif action == "attendance" and staff:
        status = request.POST.get("status", "")
        attempt(
            request,
            lambda: activities.attendance_set(invitation=invitation, by=by, status=status),
            "出席情况已更新",
        )
    elif action in ("approve", "refuse") and staff:
        attempt(
            request,
            lambda: activities.invitation_decide_leave(
                invitation=invitation, by=by, approve=action == "approve"
            ),
            "已批准请假" if action == "approve" else "已不准假",
        )
    elif action == "speech" and staff:
        attempt(request, lambda: activities.speech_record(invitation=invitation, by=by), "发言已登记")
    else:
        raise Http404
    return redirect("consultations:activity_detail", invitation.activity_id)


def _invitation_for(request: HttpRequest, pk: int) -> Invitation:
    invitation = (
        Invitation.objects.filter(pk=pk)
        .select_related("activity", "member__person", "activity__consultation__form")
        .first()
    )
    if invitation is None:
        raise Http404
    if invitation.member_id not in my_member_ids(request.user) and not is_office(
        request.user, invitation.committee_id
    ):
        raise Http404
    return invitation


@login_required
def activity_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The sign-in QR code to show on the meeting room's screen or print at the door."""
    activity: Activity = get_office_object(Activity, request.user, pk)
    url = request.build_absolute_uri(
        reverse("consultations:sign_in", args=[activities.sign_in_token(activity)])
    )
    qr = segno.make(url, error="m").svg_inline(scale=6)
    return render(request, "consultations/activity_qr.html", {"activity": activity, "qr": qr, "url": url})


@login_required
def sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """Where the member's phone lands after scanning: confirm, then signed in."""
    try:
        activity_id = activities.activity_for_token(token)
    except DomainError as exc:
        return render(request, "consultations/sign_in.html", {"error": exc.message}, status=400)
    activity = Activity.objects.filter(pk=activity_id).select_related("consultation__form").first()
    member = selectors.signing_member(request.user, activity) if activity else None
    if activity is None or member is None:
        return render(
            request, "consultations/sign_in.html", {"error": "您不是本次活动所属政协的委员"}, status=404
        )
    context: dict[str, Any] = {
        "activity": activity,
        "member": member,
        "refusal": activities.sign_in_refusal(activity),
        "opens_at": activities.sign_in_opens_at(activity),
        "now": timezone.now(),
    }
    if request.method == "POST":
        try:
            invitation = activities.sign_in(activity=activity, member=member, by=request.user)
        except DomainError as exc:
            context["error"] = exc.message
        else:
            context["signed_in_at"] = invitation.signed_in_at
    return render(request, "consultations/sign_in.html", context)


@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    ids = my_member_ids(request.user)
    if not ids:
        raise Http404
    rows = selectors.my_invitations(ids)
    task = MEMBER_TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = rows.filter(pk__in=task.rows(request.user, request.committee_id).values("pk"))  # type: ignore[attr-defined]
    page = keyset_page(request, rows)
    return render_page(request, "consultations/my_activities.html", {"page": page, "task": task})


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    committee_id = office(request)
    today = timezone.localdate()
    form = MonthForm(request.GET)
    year, month = (
        (form.cleaned_data["year"], form.cleaned_data["month"])
        if form.is_valid()
        else (today.year, today.month)
    )
    days = selectors.month_calendar(committee_id, year, month)
    prev_y, prev_m = (year - 1, 12) if month == 1 else (year, month - 1)
    next_y, next_m = (year + 1, 1) if month == 12 else (year, month + 1)
    context = {
        "days": days,
        "year": year,
        "month": month,
        "lead_blanks": range(pycalendar.monthrange(year, month)[0]),
        "prev": f"year={prev_y}&month={prev_m}",
        "next": f"year={next_y}&month={next_m}",
        "warnings": [d for d in days if d.warnings],
    }
    return render(request, "consultations/calendar.html", context)


@login_required
def member_load(request: HttpRequest) -> HttpResponse:
    committee_id = office(request)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
    rows = selectors.member_load(committee_id, year)
    return render(
        request, "consultations/member_load.html", {"rows": rows, "year": year, "cap": selectors.LOAD_CAP}
    )

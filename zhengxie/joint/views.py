"""Pages of joint activities: the committee's list (hosted and co-organised, with the year's
tally), and one joint activity — for the host: the co-organisers, adding and withdrawing them,
attendance per committee; for a co-organiser: confirming, its venue, inviting its own members,
their sign-in list, the shared outcomes — with the clashes each side may see."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.models import Activity, Invitation
from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.consultations.services import activities
from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.xlsx import workbook_response
from zhengxie.org.models import Committee, ParticipatingUnit
from zhengxie.org.scope import has_role, require_role
from zhengxie.schedule import selectors as schedule_selectors

from . import selectors, services, venues
from .forms import AddForm, AnswerForm, MembersForm, UnitMembersForm, VenueForm
from .models import CoOrganiser
from .permissions import Side, get_joint_for_user, liaison_unit, side_invitations
from .workbench import TASKS


def _committee(request: HttpRequest) -> int:
    return require_role(request, *OFFICE_ROLES)


@login_required
def joint_list(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, request.committee_id, *OFFICE_ROLES):  # type: ignore[attr-defined]
        return _unit_list(request)
    committee_id = _committee(request)
    rows = selectors.joint_activities(committee_id)
    task = TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    page = keyset_page(request, rows)
    year = timezone.localdate().year
    context = {
        "page": page,
        "task": task,
        "committee_id": committee_id,
        "year": year,
        "tally": selectors.year_tally(committee_id, year),
    }
    return render_page(request, "joint/list.html", context)


def _unit_list(request: HttpRequest) -> HttpResponse:
    """A party's or organisation's liaison: the joint activities the unit co-organises."""
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    unit = liaison_unit(request.user, committee_id)
    if unit is None:
        raise Http404
    rows = selectors.unit_activities(unit)
    task = TASKS.chosen(request)
    if task is not None:
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    context = {"page": keyset_page(request, rows), "task": task, "committee_id": committee_id, "unit": unit}
    return render_page(request, "joint/list.html", context)


def _unit_context(request: HttpRequest, activity: Activity, side: Side) -> dict[str, Any]:
    """A liaison's view: the organisers, its own members' invitations and attendance, inviting
    more of them while the activity is open, and the shared outcomes — nothing else of the host."""
    assert side.unit is not None
    unit = side.unit
    context: dict[str, Any] = {
        "activity": activity,
        "side": side,
        "organisers": selectors.organisers(activity),
        "outcomes": selectors.shared_outcomes(activity),
        "clashes": [],
        "open": activity.state == Activity.State.PLANNED,
        "statuses": Invitation.Attendance.choices[1:],
        "page": keyset_page(request, selectors.unit_invitations(activity, unit), page_size=50),
        "unit": unit,
    }
    if context["open"]:
        context["members_form"] = _unit_members_form(activity, unit)
    return context


def _unit_members_form(activity: Activity, unit: ParticipatingUnit) -> UnitMembersForm:
    """The unit's own members not yet invited (by anyone) to tick."""
    invited = Invitation.objects.filter(activity=activity).values("member__person_id")
    return UnitMembersForm(members=selectors.unit_members(unit).exclude(person_id__in=invited))


def _context(request: HttpRequest, activity: Activity, side: Side) -> dict[str, Any]:
    if side.unit is not None:
        return _unit_context(request, activity, side)
    rows = selectors.organisers(activity)
    context: dict[str, Any] = {
        "activity": activity,
        "side": side,
        "organisers": rows,
        "outcomes": selectors.shared_outcomes(activity),
        # Leaders' clashes are the schedule's (参加领导 are named there, by each organiser).
        "clashes": selectors.clashes(activity, side.committee_id)
        + schedule_selectors.activity_leader_clashes(activity, side.committee_id),
        "open": activity.state == Activity.State.PLANNED,
        "statuses": Invitation.Attendance.choices[1:],
    }
    if side.is_host:
        by_committee = selectors.attendance_by_committee(activity)
        names = dict(Committee.objects.filter(pk__in=list(by_committee)).values_list("pk", "name"))
        context["by_committee"] = [
            (names.get(cid, ""), counts) for cid, counts in sorted(by_committee.items())
        ]
        if side.can_act:
            context["add_form"] = AddForm(committee_id=side.committee_id)
    else:
        assert side.row is not None
        context["answer_form"] = AnswerForm()
        context["venue_form"] = VenueForm(initial={"venue": side.row.venue})
        if side.row.state == CoOrganiser.State.ACCEPTED:
            context["page"] = keyset_page(
                request, selectors.own_invitations(activity, side.committee_id), page_size=50
            )
            if side.can_act:
                context["members_form"] = MembersForm(committee_id=side.committee_id)
    return context


@login_required
def joint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity, side = get_joint_for_user(request.user, pk, request.committee_id)  # type: ignore[attr-defined]
    return render_page(request, "joint/detail.html", _context(request, activity, side))


@login_required
@require_POST
def joint_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    activity, side = get_joint_for_user(request.user, pk, request.committee_id)  # type: ignore[attr-defined]
    if not side.can_act:
        raise Http404
    by = request.user
    back = redirect("joint:detail", activity.pk)
    if side.unit is not None:
        _unit_act(request, activity, side, action)
    elif side.is_host and action == "add":
        add_form = AddForm(request.POST, committee_id=side.committee_id)
        if not add_form.is_valid():
            for errors in add_form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return back
        data = add_form.cleaned_data
        attempt(
            request,
            lambda: services.co_organiser_add(
                activity=activity,
                by=by,
                partner=data["partner"],
                unit=data["unit"],
                venue=data["venue"],
                note=data["note"],
            ),
            "联办单位已添加",
        )
    elif side.is_host and action == "withdraw":
        row = _row(activity, request.POST.get("row", ""))
        attempt(request, lambda: services.co_organiser_withdraw(row=row, by=by), "已撤回")
    elif side.is_host and action == "venue":
        row = _row(activity, request.POST.get("row", ""))
        venue = request.POST.get("venue", "")
        attempt(request, lambda: services.venue_set(row=row, by=by, venue=venue), "分会场已保存")
    elif not side.is_host and action in ("accept", "decline"):
        assert side.row is not None
        answer_form = AnswerForm(request.POST)
        note = answer_form.cleaned_data["note"] if answer_form.is_valid() else ""
        if not answer_form.is_valid():
            messages.error(request, "答复意见不能超过300个字")
            return back
        row = side.row
        attempt(
            request,
            lambda: services.co_organiser_answer(row=row, by=by, accept=action == "accept", note=note),
            "已同意联办，请邀请本会委员" if action == "accept" else "已谢绝联办",
        )
        if action == "decline":
            return redirect("joint:list")
    elif not side.is_host and action == "venue":
        assert side.row is not None
        row = side.row
        venue = request.POST.get("venue", "")
        attempt(request, lambda: services.venue_set(row=row, by=by, venue=venue), "分会场已保存")
    elif not side.is_host and action == "invite":
        members_form = MembersForm(request.POST, committee_id=side.committee_id)
        if not members_form.is_valid():
            messages.error(request, "请选择本会的委员")
            return back
        members = list(members_form.cleaned_data["members"])
        try:
            n = services.members_invite(
                activity=activity, committee_id=side.committee_id, by=by, members=members
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已邀请{n}位委员" if n else "所选委员均已在邀请名单中")
    elif not side.is_host and action == "attendance":
        invitation = _own_invitation(activity, side, request.POST.get("invitation", ""))
        status = request.POST.get("status", "")
        attempt(
            request,
            lambda: services.attendance_set(
                invitation=invitation, committee_id=side.committee_id, by=by, status=status
            ),
            "出席情况已更新",
        )
    else:
        raise Http404
    return back


def _unit_act(request: HttpRequest, activity: Activity, side: Side, action: str) -> None:
    assert side.unit is not None
    unit, by = side.unit, request.user
    if action == "invite":
        members_form = UnitMembersForm(request.POST, members=selectors.unit_members(unit))
        if not members_form.is_valid():
            for errors in members_form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return
        members = list(members_form.cleaned_data["members"])
        try:
            n = services.unit_members_invite(activity=activity, unit=unit, by=by, members=members)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已邀请{n}位委员" if n else "所选委员均已在邀请名单中")
    elif action == "attendance":
        invitation = _own_invitation(activity, side, request.POST.get("invitation", ""))
        status = request.POST.get("status", "")
        attempt(
            request,
            lambda: services.unit_attendance_set(invitation=invitation, unit=unit, by=by, status=status),
            "出席情况已更新",
        )
    else:
        raise Http404


def _row(activity: Activity, raw: str) -> CoOrganiser:
    row = CoOrganiser.objects.filter(activity=activity, pk=int(raw) if raw.isdigit() else 0).first()
    if row is None:
        raise Http404
    row.activity = activity
    return row


def _own_invitation(activity: Activity, side: Side, raw: str) -> Invitation:
    invitation = side_invitations(activity, side).filter(pk=int(raw) if raw.isdigit() else 0).first()
    if invitation is None:
        raise Http404
    invitation.activity = activity
    return invitation


@login_required
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The co-organiser's (or host's) sign-in list of its own members, as Excel."""
    activity, side = get_joint_for_user(request.user, pk, request.committee_id)  # type: ignore[attr-defined]
    venue = side.row.venue if side.row is not None and side.row.venue else activity.place or "线上"
    rows = [
        (
            inv.member.person.name,
            inv.member.sector.name if inv.member.sector else "",
            inv.get_reply_display(),
            inv.get_attendance_display(),
            timezone.localtime(inv.signed_in_at).strftime("%H:%M") if inv.signed_in_at else "",
            "",
        )
        for inv in side_invitations(activity, side)
    ]
    return workbook_response(
        f"{activity.title}签到表.xlsx",
        [(f"{venue}签到表"[:31], ["委员", "界别", "回复", "出席情况", "签到时间", "本人签名"], rows)],
    )


@login_required
def venue_qr(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    """A venue's own sign-in QR code (分会场), for the screen or the door of that venue: the host's
    office may open any venue's, a co-organiser's office only its own."""
    activity, side = get_joint_for_user(request.user, pk, request.committee_id)  # type: ignore[attr-defined]
    venue = _row(activity, str(row))
    if not side.is_host and (side.row is None or side.row.pk != venue.pk):
        raise Http404
    try:
        token = venues.venue_token(venue)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("joint:detail", activity.pk)
    url = request.build_absolute_uri(reverse("joint:venue_sign_in", args=[token]))
    qr = segno.make(url, error="m").svg_inline(scale=6)
    context = {"activity": activity, "row": venue, "qr": qr, "url": url}
    return render(request, "joint/venue_qr.html", context)


@login_required
def venue_sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """Where a member's phone lands after scanning a venue's code: confirm, then signed in there."""
    try:
        row = venues.venue_for_token(token)
    except DomainError as exc:
        return render(request, "joint/venue_sign_in.html", {"error": exc.message}, status=400)
    member = venues.venue_member(request.user, row)
    if member is None:
        refused = {
            "row": row,
            "activity": row.activity,
            "error": "您不在本分会场的邀请名单中，请联系工作人员",
        }
        return render(request, "joint/venue_sign_in.html", refused, status=404)
    context: dict[str, Any] = {
        "row": row,
        "activity": row.activity,
        "member": member,
        "refusal": activities.sign_in_refusal(row.activity),
        "opens_at": activities.sign_in_opens_at(row.activity),
        "now": timezone.now(),
    }
    if request.method == "POST":
        try:
            invitation = venues.venue_sign_in(row=row, member=member, by=request.user)
        except DomainError as exc:
            context["error"] = exc.message
        else:
            context["signed_in_at"] = invitation.signed_in_at
    return render(request, "joint/venue_sign_in.html", context)

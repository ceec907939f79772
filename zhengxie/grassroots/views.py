"""Pages of grassroots work, for the office, conveners and members: the platforms one may see
(with the office's groups, conveners and steps), a platform (its "五有", members, consultations,
problems, visits), a platform consultation step by step with photos, and the yearly totals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.models import Platform, Step
from zhengxie.consultations.permissions import OFFICE_ROLES, my_member_ids
from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import require_role, roles_in

from . import selectors, services
from .forms import (
    AssignForm,
    ConvenerForm,
    GroupChoiceForm,
    GroupForm,
    OpenForm,
    PlatformForm,
    ProblemForm,
    ProfileForm,
    ResolveForm,
    StepForm,
    StepsForm,
    VisitForm,
)
from .models import Convener, Group, Photo, Problem, Record
from .permissions import (
    READ_ROLES,
    can_run,
    get_platform_for_user,
    get_platform_to_read,
    is_assigned,
    platforms_visible,
)
from .workbench import TASKS

STEP_LABELS = dict(Step.choices)


def _committee(request: HttpRequest, *roles: str) -> int:
    return require_role(request, *(roles or READ_ROLES))


def _errors(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    roles = roles_in(request.user, committee_id)
    visible = platforms_visible(request.user, committee_id)
    rows = selectors.with_profile(visible)
    task = TASKS.chosen(request)
    if task is not None:
        # Opened from the home page: exactly the rows its count counted.
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    level = request.GET.get("level", "")
    if level in Platform.Level.values:
        rows = rows.filter(level=level)
    context: dict[str, Any] = {
        "page": keyset_page(request, rows),
        "task": task,
        "levels": Platform.Level.choices,
        "level": level,
        "is_staff": Role.ACTIVITY_STAFF in roles,
        "is_office": bool(roles & OFFICE_ROLES),
        "is_convener": Role.CONVENER in roles,
    }
    if context["is_staff"]:
        context["platform_form"] = PlatformForm(committee_id=committee_id)
    return render_page(request, "grassroots/index.html", context)


@login_required
def platform_create(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request, Role.ACTIVITY_STAFF)
    form = PlatformForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        try:
            platform = services.platform_create(
                committee_id=committee_id, by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "平台已登记，请填写“五有”情况并安排联系委员")
            return redirect("grassroots:platform", platform.pk)
    return render(request, "grassroots/form.html", {"form": form, "title": "登记基层协商平台"})


@login_required
def groups(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request, *OFFICE_ROLES)
    staff = Role.ACTIVITY_STAFF in roles_in(request.user, committee_id)
    if request.method == "POST":
        if not staff:
            raise Http404
        action = request.POST.get("action", "")
        by = request.user
        if action == "group":
            form: Any = GroupForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                attempt(
                    request,
                    lambda: services.group_create(committee_id=committee_id, by=by, **d),
                    "活动小组已建立",
                )
            else:
                _errors(request, form)
        elif action == "convener":
            form = ConvenerForm(request.POST, committee_id=committee_id)
            if form.is_valid():
                d = form.cleaned_data
                attempt(
                    request,
                    lambda: services.convener_appoint(group=d["group"], by=by, user=d["user"]),
                    "召集人已任命",
                )
            else:
                _errors(request, form)
        elif action == "release":
            raw = request.POST.get("convener", "")
            convener = Convener.objects.filter(
                committee_id=committee_id, pk=int(raw) if raw.isdigit() else 0
            ).first()
            if convener is None:
                raise Http404
            attempt(request, lambda: services.convener_release(convener=convener, by=by), "已免去召集人")
        elif action == "steps":
            form = StepsForm(request.POST)
            if form.is_valid():
                steps = form.cleaned_data["steps"]
                attempt(
                    request,
                    lambda: services.steps_save(committee_id=committee_id, by=by, steps=steps),
                    "平台协商步骤已保存",
                )
            else:
                _errors(request, form)
        else:
            raise Http404
        return redirect("grassroots:groups")
    rows = Group.objects.filter(committee_id=committee_id).prefetch_related("conveners__user")
    context = {
        "groups": rows,
        "is_staff": staff,
        "group_form": GroupForm(),
        "convener_form": ConvenerForm(committee_id=committee_id),
        "steps_form": StepsForm(initial={"steps": services.steps_for(committee_id)}),
        "steps": [STEP_LABELS[s] for s in services.steps_for(committee_id)],
    }
    return render(request, "grassroots/groups.html", context)


@login_required
def platform_detail(request: HttpRequest, pk: int) -> HttpResponse:
    platform = get_platform_to_read(request.user, pk, request.committee_id)  # type: ignore[attr-defined]
    committee_id = platform.committee_id
    roles = roles_in(request.user, committee_id)
    runs = can_run(request.user, platform)
    profile = services.profile_of(platform)
    records = Record.objects.filter(platform=platform).order_by("-id")
    context: dict[str, Any] = {
        "platform": platform,
        "profile": profile,
        "runs": runs,
        "is_staff": Role.ACTIVITY_STAFF in roles,
        "assigned": selectors.assigned_members(platform),
        "page": keyset_page(request, records, page_size=20),
        "problems": selectors.problems_of(platform),
        "visits": selectors.recent_visits(platform),
        "year": timezone.localdate().year,
        "totals": selectors.platform_year(platform, timezone.localdate().year),
        "step_labels": STEP_LABELS,
        "my_member": _my_member(request, platform),
    }
    if runs:
        context["profile_form"] = ProfileForm(
            initial={
                "convener_name": profile.convener_name, "venue": profile.venue, "has_sign": profile.has_sign,
                "system": profile.system, "has_archive": profile.has_archive,
            }
        )  # fmt: skip
        context["open_form"] = OpenForm(initial={"done_on": timezone.localdate()})
        context["problem_form"] = ProblemForm()
        context["resolve_form"] = ResolveForm()
    if context["is_staff"]:
        context["assign_form"] = AssignForm(committee_id=committee_id)
        context["group_form"] = GroupChoiceForm(
            committee_id=committee_id, initial={"group": profile.group_id}
        )
    if context["my_member"] is not None:
        context["visit_form"] = VisitForm(initial={"visited_on": timezone.localdate()})
    return render_page(request, "grassroots/platform.html", context)


def _my_member(request: HttpRequest, platform: Platform) -> Member | None:
    if not is_assigned(request.user, platform):
        return None
    return (
        Member.objects.filter(pk__in=my_member_ids(request.user), committee_id=platform.committee_id)
        .select_related("person")
        .first()
    )


@login_required
@require_POST
def platform_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    platform = get_platform_for_user(request.user, pk, committee_id)
    by = request.user
    back = redirect("grassroots:platform", platform.pk)
    form: Any
    if action == "profile":
        form = ProfileForm(request.POST)
        if not form.is_valid():
            _errors(request, form)
            return back
        d = form.cleaned_data
        attempt(request, lambda: services.profile_save(platform=platform, by=by, **d), "“五有”情况已保存")
    elif action == "group":
        form = GroupChoiceForm(request.POST, committee_id=committee_id)
        if not form.is_valid():
            _errors(request, form)
            return back
        profile = services.profile_of(platform)
        group = form.cleaned_data["group"]
        attempt(
            request,
            lambda: services.profile_save(
                platform=platform,
                by=by,
                convener_name=profile.convener_name,
                venue=profile.venue,
                has_sign=profile.has_sign,
                system=profile.system,
                has_archive=profile.has_archive,
                group=group,
                set_group=True,
            ),
            "活动小组已调整",
        )
    elif action == "assign":
        form = AssignForm(request.POST, committee_id=committee_id)
        if not form.is_valid():
            messages.error(request, "请选择本政协的委员")
            return back
        members = list(form.cleaned_data["members"])
        attempt(
            request,
            lambda: services.members_assign(platform=platform, by=by, members=members),
            "联系委员已安排",
        )
    elif action == "unassign":
        raw = request.POST.get("member", "")
        found = Member.objects.filter(committee_id=committee_id, pk=int(raw) if raw.isdigit() else 0).first()
        if found is None:
            raise Http404
        gone: Member = found
        attempt(
            request, lambda: services.member_unassign(platform=platform, by=by, member=gone), "已取消联系"
        )
    elif action == "open":
        form = OpenForm(request.POST, request.FILES)
        if not form.is_valid():
            _errors(request, form)
            return back
        d = form.cleaned_data
        try:
            rec = services.record_open(
                platform=platform,
                by=by,
                title=d["title"],
                note=d["note"],
                done_on=d["done_on"],
                photos=d["photos"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return back
        messages.success(request, "议题已确定，请按步骤记录协商过程")
        return redirect("grassroots:record", rec.pk)
    elif action == "problem":
        form = ProblemForm(request.POST)
        if not form.is_valid():
            _errors(request, form)
            return back
        text = form.cleaned_data["text"]
        attempt(request, lambda: services.problem_raise(platform=platform, by=by, text=text), "问题已登记")
    elif action == "resolve":
        raw = request.POST.get("problem", "")
        problem = Problem.objects.filter(platform=platform, pk=int(raw) if raw.isdigit() else 0).first()
        if problem is None:
            raise Http404
        problem.platform = platform
        form = ResolveForm(request.POST)
        if not form.is_valid():
            _errors(request, form)
            return back
        d = form.cleaned_data
        attempt(
            request,
            lambda: services.problem_resolve(problem=problem, by=by, state=d["state"], outcome=d["outcome"]),
            "问题已办结",
        )
    elif action == "draft":
        raw, who = request.POST.get("problem", ""), request.POST.get("member", "")
        found_problem = Problem.objects.filter(platform=platform, pk=int(raw) if raw.isdigit() else 0).first()
        if found_problem is None:
            raise Http404
        found_problem.platform = platform
        lead: Problem = found_problem
        chosen = Member.objects.filter(
            committee_id=platform.committee_id, pk=int(who) if who.isdigit() else 0
        ).first()
        if chosen is None:
            messages.error(request, "请选择联系本平台的委员")
            return back
        drafted_for: Member = chosen
        attempt(
            request,
            lambda: services.problem_to_proposal(
                problem=lead, by=by, member=drafted_for, note=request.POST.get("note", "")
            ),
            f"已为{drafted_for.person.name}委员生成提案草稿，并已通知本人",
        )
    elif action == "visit":
        member = _my_member(request, platform)
        if member is None:
            raise Http404
        form = VisitForm(request.POST)
        if not form.is_valid():
            _errors(request, form)
            return back
        d = form.cleaned_data
        attempt(
            request,
            lambda: services.visit_record(
                platform=platform,
                member=member,
                by=by,
                visited_on=d["visited_on"],
                people_met=d["people_met"],
                summary=d["summary"],
                problems=d["problems"].splitlines(),
            ),
            "走访已登记",
        )
    else:
        raise Http404
    return back


def _record_for(request: HttpRequest, pk: int, *, to_read: bool = False) -> Record:
    """A record of a platform the user reaches in the current committee; `to_read` (the record's
    page) also one of a platform below the user's office (get_platform_to_read)."""
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    rec = Record.objects.filter(pk=pk).first()
    if rec is None or (rec.committee_id != committee_id and not to_read):
        raise Http404
    get = get_platform_to_read if to_read else get_platform_for_user
    rec.platform = get(request.user, rec.platform_id, committee_id)
    return rec


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record_for(request, pk, to_read=True)
    runs = can_run(request.user, rec.platform)
    entries = list(rec.entries.select_related("by").order_by("id"))
    photos: dict[str, list[Photo]] = {}
    for photo in rec.photos.order_by("id"):
        photos.setdefault(photo.step, []).append(photo)
    steps = [
        {
            "code": s,
            "label": STEP_LABELS[s],
            "entries": [e for e in entries if e.step == s],
            "photos": photos.get(s, []),
        }
        for s in rec.steps
    ]
    context: dict[str, Any] = {
        "record": rec,
        "platform": rec.platform,
        "steps": steps,
        "runs": runs,
        "next_label": STEP_LABELS.get(rec.next_step or "", ""),
        "is_meeting": rec.next_step == Step.MEETING,
        "problems": list(rec.problems.order_by("id")),
    }
    if runs and rec.next_step:
        context["step_form"] = StepForm(
            committee_id=rec.committee_id, initial={"done_on": timezone.localdate()}
        )
    if runs:
        context["problem_form"] = ProblemForm()
    return render(request, "grassroots/record.html", context)


@login_required
@require_POST
def record_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    rec = _record_for(request, pk)
    by = request.user
    if action == "step":
        form = StepForm(request.POST, request.FILES, committee_id=rec.committee_id)
        if not form.is_valid():
            _errors(request, form)
        else:
            d = form.cleaned_data
            attempt(
                request,
                lambda: services.record_advance(
                    record=rec,
                    by=by,
                    note=d["note"],
                    done_on=d["done_on"],
                    photos=d["photos"],
                    participants=d["participants"],
                    members=list(d["members"] or []),
                ),
                "本步骤已记录",
            )
    elif action == "problem":
        pform = ProblemForm(request.POST)
        if not pform.is_valid():
            _errors(request, pform)
        else:
            text = pform.cleaned_data["text"]
            attempt(
                request,
                lambda: services.problem_raise(platform=rec.platform, by=by, text=text, record=rec),
                "问题已登记",
            )
    else:
        raise Http404
    return redirect("grassroots:record", rec.pk)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    row = Photo.objects.filter(pk=pk).select_related("record").first()
    if row is None:
        raise Http404
    get_platform_to_read(request.user, row.record.platform_id, committee_id)  # as the record's page
    return FileResponse(row.file.open("rb"), filename=row.file_name)


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request, *OFFICE_ROLES, Role.CONVENER)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
    overall, towns = selectors.year_totals(platforms_visible(request.user, committee_id), year)
    return render(request, "grassroots/stats.html", {"year": year, "overall": overall, "towns": towns})

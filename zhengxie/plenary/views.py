"""Pages of the plenary's business: the plenaries, one plenary's agenda and groups, the call for
speeches with its review list and the printed collection, submitting and revising a speech (a
member, on a phone), one speech with the office's decision, and a member's own speeches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxie.consultations.models import Activity
from zhengxie.consultations.permissions import my_member_ids
from zhengxie.duty.selectors import member_of
from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.org.models import Committee
from zhengxie.org.roles import Role
from zhengxie.org.scope import get_for_user

from . import selectors, services
from .documents import collection_response
from .forms import (
    AgendaForm,
    CallForm,
    DecideForm,
    GroupForm,
    SeatForm,
    SpeechEditForm,
    SpeechForm,
    StaffSpeechForm,
)
from .models import AgendaItem, DiscussionGroup, Speech
from .permissions import (
    get_call_for_user,
    get_plenary_for_user,
    get_seat_for_staff,
    get_speech_for_user,
    is_office,
    is_staff,
    plenaries_visible,
)
from .workbench import MEMBER_TASKS, STAFF_TASKS
from .workflow import SPEECH_TABLE

T = Speech.State


def _form_errors(form: Any) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


def _staff_plenary(request: HttpRequest, pk: int) -> Activity:
    activity = get_plenary_for_user(request.user, pk)
    if not is_staff(request.user, activity.committee_id):
        raise Http404
    return activity


@login_required
def plenary_list(request: HttpRequest) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    rows = selectors.plenaries(plenaries_visible(request.user).filter(committee_id=committee_id))
    page = keyset_page(request, rows)
    return render_page(
        request,
        "plenary/plenary_list.html",
        {"page": page, "is_staff": is_staff(request.user, committee_id)},
    )


@login_required
def plenary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_plenary_for_user(request.user, pk)
    staff = is_staff(request.user, activity.committee_id)
    call = getattr(activity, "speech_call", None)
    context: dict[str, Any] = {
        "activity": activity,
        "is_staff": staff,
        "office": is_office(request.user, activity.committee_id),
        "agenda": list(selectors.agenda_of(activity)),
        "call": call,
        "my_seat": selectors.my_group(activity, my_member_ids(request.user)),
    }
    if context["office"]:
        context["groups"] = selectors.groups_of(activity)
        context["unseated"] = selectors.unseated_invitations(activity)[:200]
    if staff:
        context.update(agenda_form=AgendaForm(), group_form=GroupForm(committee_id=activity.committee_id))
        for g in context["groups"]:
            # One form per group, each with its own field ids.
            g.seat_form = SeatForm(committee_id=activity.committee_id, prefix=f"g{g.pk}")
    return render(request, "plenary/plenary_detail.html", context)


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _staff_plenary(request, pk)
    form = AgendaForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.agenda_add(activity=activity, by=request.user, **form.cleaned_data),
            "议程已添加",
        )
    else:
        messages.error(request, _form_errors(form))
    return redirect("plenary:plenary_detail", activity.pk)


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item: AgendaItem = get_for_user(AgendaItem.objects.all(), request.user, pk, [Role.ACTIVITY_STAFF])
    attempt(request, lambda: services.agenda_remove(item=item, by=request.user), "议程已删除")
    return redirect("plenary:plenary_detail", item.activity_id)


@login_required
@require_POST
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _staff_plenary(request, pk)
    form = GroupForm(request.POST, committee_id=activity.committee_id)
    if form.is_valid():
        attempt(
            request,
            lambda: services.group_create(activity=activity, by=request.user, **form.cleaned_data),
            "讨论组已建立",
        )
    else:
        messages.error(request, _form_errors(form))
    return redirect("plenary:plenary_detail", activity.pk)


@login_required
@require_POST
def group_seat(request: HttpRequest, pk: int) -> HttpResponse:
    group: DiscussionGroup = get_for_user(
        DiscussionGroup.objects.all(), request.user, pk, [Role.ACTIVITY_STAFF]
    )
    form = SeatForm(request.POST, committee_id=group.committee_id, prefix=f"g{group.pk}")
    if form.is_valid():
        members = list(form.cleaned_data["members"])
        attempt(request, lambda: services.group_seat(group=group, by=request.user, members=members), "已分组")
    else:
        messages.error(request, _form_errors(form))
    return redirect("plenary:plenary_detail", group.activity_id)


@login_required
@require_POST
def seat_speech(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_seat_for_staff(request.user, pk)
    attempt(
        request, lambda: services.group_speech(seat=seat, by=request.user), f"已记录{seat.member}发言一次"
    )
    return redirect("plenary:plenary_detail", seat.activity_id)


@login_required
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _staff_plenary(request, pk)
    form = CallForm(request.POST or None, initial={"title": f"{activity.title}大会发言征集"})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_open(activity=activity, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已发布征集，并通知受邀委员")
            return redirect("plenary:call_detail", call.pk)
    return render(request, "plenary/form.html", {"form": form, "title": "发布大会发言征集", "back": activity})


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    office = is_office(request.user, call.committee_id)
    state = request.GET.get("state", "")
    if state not in T.values:
        state = ""
    context: dict[str, Any] = {
        "call": call,
        "office": office,
        "is_staff": is_staff(request.user, call.committee_id),
        "open": services.call_is_open(call),
        "states": T.choices,
        "state": state,
    }
    if office:
        context["counts"] = selectors.speech_counts(call)
        context["page"] = keyset_page(request, selectors.speeches_of(call, state))
    else:
        context["mine"] = list(selectors.speeches_of(call).filter(author_id__in=my_member_ids(request.user)))
    return render_page(request, "plenary/call_detail.html", context)


@login_required
def collection(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    if not is_office(request.user, call.committee_id):
        raise Http404
    speeches = selectors.collection(call)
    if not speeches:
        messages.error(request, "还没有选用的大会发言，无法印制汇编")
        return redirect("plenary:call_detail", call.pk)
    issuer = Committee.objects.only("name").get(pk=call.committee_id).name
    if is_staff(request.user, call.committee_id):
        services.collection_printed(call=call, by=request.user, count=len(speeches))
    return collection_response(call, speeches, issuer)


@login_required
def speech_submit(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk)
    staff = is_staff(request.user, call.committee_id)
    me = member_of(request.user, call.committee_id)
    if me is None and not staff:
        raise Http404
    form_class = SpeechForm if me is not None else StaffSpeechForm
    form = form_class(request.POST or None, committee_id=call.committee_id)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        author = data.pop("author", None) or me
        assert author is not None  # a member submits as himself; staff must name the author
        try:
            speech = services.speech_submit(call=call, by=request.user, author=author, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "大会发言已提交，请等待审核")
            return redirect("plenary:speech_detail", speech.pk)
    return render(request, "plenary/speech_form.html", {"form": form, "call": call, "title": "提交大会发言"})


@login_required
def speech_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speech = get_speech_for_user(request.user, pk)
    mine = speech.author_id in my_member_ids(request.user)
    staff = is_staff(request.user, speech.committee_id)
    context: dict[str, Any] = {
        "speech": speech,
        "mine": mine,
        "is_staff": staff,
        "can_edit": mine and speech.state in (T.SUBMITTED, T.RETURNED),
        "can_resubmit": mine and T.SUBMITTED in SPEECH_TABLE.get(speech.state, {}),
        "can_withdraw": mine and T.WITHDRAWN in SPEECH_TABLE.get(speech.state, {}),
    }
    if staff and speech.state == T.SUBMITTED:
        context["decide_form"] = DecideForm()
    return render(request, "plenary/speech_detail.html", context)


@login_required
def speech_edit(request: HttpRequest, pk: int) -> HttpResponse:
    speech = get_speech_for_user(request.user, pk)
    if speech.author_id not in my_member_ids(request.user):
        raise Http404
    form = SpeechEditForm(request.POST or None, initial={"title": speech.title, "body": speech.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.speech_edit(speech=speech, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "修改已保存")
            return redirect("plenary:speech_detail", speech.pk)
    return render(
        request, "plenary/speech_form.html", {"form": form, "call": speech.call, "title": "修改大会发言"}
    )


@login_required
@require_POST
def speech_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    speech = get_speech_for_user(request.user, pk)
    mine = speech.author_id in my_member_ids(request.user)
    staff = is_staff(request.user, speech.committee_id)
    by = request.user
    if action == "decide" and staff:
        form = DecideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
        else:
            d = form.cleaned_data
            attempt(
                request,
                lambda: services.speech_decide(
                    speech=speech, by=by, decision=d["decision"], note=d["note"], order=d["order"]
                ),
                "审核结果已保存，并通知发言人",
            )
    elif action == "deliver" and staff:
        attempt(request, lambda: services.speech_deliver(speech=speech, by=by), "已登记大会发言")
    elif action == "written" and staff:
        attempt(request, lambda: services.speech_to_written(speech=speech, by=by), "已改为书面发言")
    elif action == "resubmit" and mine:
        attempt(request, lambda: services.speech_resubmit(speech=speech, by=by), "已重新提交")
    elif action == "withdraw" and mine:
        attempt(request, lambda: services.speech_withdraw(speech=speech, by=by), "已撤回")
    else:
        raise Http404
    return redirect("plenary:speech_detail", speech.pk)


@login_required
def speech_list(request: HttpRequest) -> HttpResponse:
    """Every speech of the committee (activity staff and leaders), or a home-page task's rows."""
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    if not is_office(request.user, committee_id):
        raise Http404
    rows = Speech.objects.filter(committee_id=committee_id).select_related(
        "author__person", "call__activity", "unit", "special_committee"
    )
    task = STAFF_TASKS.chosen(request)
    if task is not None:
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    page = keyset_page(request, rows)
    return render_page(request, "plenary/speech_list.html", {"page": page, "task": task})


@login_required
def my_speeches(request: HttpRequest) -> HttpResponse:
    committee_id: int = request.committee_id  # type: ignore[attr-defined]
    mine = my_member_ids(request.user)
    if not mine:
        raise Http404
    rows = selectors.my_speeches(mine)
    task = MEMBER_TASKS.chosen(request)
    if task is not None and task.key == "returned":
        rows = rows.filter(pk__in=task.rows(request.user, committee_id).values("pk"))
    if task is not None and task.key == "open_calls":
        # The home page's count of calls still to answer opens exactly those calls as the list.
        page = keyset_page(request, task.rows(request.user, committee_id).select_related("activity"))
        context = {"page": page, "task": task, "calls": [], "listing_calls": True}
        return render_page(request, "plenary/my_speeches.html", context)
    open_calls = selectors.open_calls_for(mine, committee_id)
    calls = list(open_calls.select_related("activity").order_by("closes_at")[:20])
    page = keyset_page(request, rows)
    return render_page(request, "plenary/my_speeches.html", {"page": page, "task": task, "calls": calls})

"""Pages of the participation app: micro-suggestions for the member (write, follow, rate), the
office (screen, route, decline, carry on as 社情民意, figures per unit, deadlines) and the handling
unit (answer or send back); member studios for the office (register, record and figures) and
for their members (record a reception from the phone and carry the problem on)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.audit.services import record
from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.personal import mask_phone
from zhengxie.lib.workflow import steps_from
from zhengxie.org.scope import has_role, require_role, roles_in, unit_ids

from . import selectors
from .forms import CarryOnForm, MicroForm, RateForm, ReceptionForm, RouteForm, SettingsForm, StudioForm
from .models import MICRO_LENGTH, MicroPhoto, MicroSuggestion, Reception
from .permissions import (
    READERS,
    STUDIO_OFFICE,
    actor_roles,
    edits_studios,
    get_micro_for_user,
    get_reception_for_user,
    get_studio_for_user,
    is_office,
    micro_visible,
    sees_visitor,
    studios_visible,
)
from .services import micro as micro_services
from .services import studios as studio_services
from .services.common import member_of
from .workbench import MINE_TASKS, OFFICE_TASKS, RECEPTION_TASKS, UNIT_TASKS
from .workflow import PROMOTERS, TABLE

S = MicroSuggestion.State


def _committee(request: HttpRequest) -> int:
    return request.committee_id  # type: ignore[attr-defined]


# --- micro-suggestions --------------------------------------------------------------------------


@login_required
def micro_mine(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    if member_of(request.user, committee_id) is None:
        raise Http404
    task = MINE_TASKS.chosen(request)
    rows = task.rows(request.user, committee_id) if task else selectors.mine(request.user, committee_id)
    page = keyset_page(request, rows)
    return render_page(request, "participation/micro_mine.html", {"page": page, "task": task})


@login_required
def micro_submit(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    if member_of(request.user, committee_id) is None:
        raise Http404
    form = MicroForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = attempt(
            request,
            lambda: micro_services.micro_submit(
                committee_id=committee_id,
                by=request.user,
                data=micro_services.MicroData(
                    title=d["title"], body=d["body"], place=d["place"], topic=d["topic"]
                ),
                photos=d["photos"],
            ),
            success="微建议已提交，政协办公室将尽快甄别交办",
            form=form,
        )
        if done:
            return redirect("participation:micro_detail", done.value.pk)
    return render(
        request,
        "participation/micro_submit.html",
        {"form": form, "length": MICRO_LENGTH},
        status=400 if form.errors else 200,
    )


@login_required
def micro_office(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *READERS)
    task = OFFICE_TASKS.chosen(request)
    state = request.GET.get("state", "")
    overdue = request.GET.get("overdue") == "1"
    if task is not None:
        rows = task.rows(request.user, committee_id)
    else:
        rows = selectors.office_list(request.user, committee_id, state, overdue)
    page = keyset_page(request, rows)
    context = {
        "page": page,
        "task": task,
        "states": S.choices,
        "state": state,
        "overdue": overdue,
        "today": timezone.localdate(),
        "office": is_office(request.user, committee_id),
    }
    return render_page(request, "participation/micro_office.html", context)


@login_required
def micro_unit(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    if not unit_ids(request.user, committee_id):
        raise Http404
    task = UNIT_TASKS.chosen(request)
    rows = task.rows(request.user, committee_id) if task else selectors.unit_all(request.user, committee_id)
    page = keyset_page(request, rows)
    return render_page(
        request, "participation/micro_unit.html", {"page": page, "task": task, "today": timezone.localdate()}
    )


@login_required
def micro_detail(request: HttpRequest, pk: int) -> HttpResponse:
    micro = get_micro_for_user(request.user, pk)
    roles = actor_roles(request.user, micro)
    next_states = steps_from(TABLE, micro.state, roles)
    context: dict[str, Any] = {
        "micro": micro,
        "photos": list(micro.photos.all()),
        "next_states": next_states,
        "office": bool(roles & {"proposal_staff", "info_staff"}),
        "author": "author" in roles,
        "promoter": bool(roles & PROMOTERS) and "author" not in roles,
        "route_form": RouteForm(committee_id=micro.committee_id) if S.ROUTED in next_states else None,
        "rate_form": RateForm() if S.RATED in next_states else None,
        "today": timezone.localdate(),
    }
    return render(request, "participation/micro_detail.html", context)


@login_required
@require_POST
def micro_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    micro = get_micro_for_user(request.user, pk)
    user, post = request.user, request.POST
    try:
        if action == "route":
            form = RouteForm(post, committee_id=micro.committee_id)
            if not form.is_valid():
                raise DomainError("请选择办理单位")
            micro_services.micro_route(
                micro=micro, by=user, unit=form.cleaned_data["unit"], note=form.cleaned_data["note"]
            )
            messages.success(request, "已交办")
        elif action == "decline":
            micro_services.micro_decline(micro=micro, by=user, reason=post.get("reason", ""))
            messages.success(request, "已决定不予交办，并告知委员")
        elif action == "answer":
            micro_services.micro_answer(micro=micro, by=user, answer=post.get("answer", ""))
            messages.success(request, "已答复，委员将收到评价提醒")
        elif action == "return":
            micro_services.micro_return(micro=micro, by=user, reason=post.get("reason", ""))
            messages.success(request, "已退回政协办公室重新交办")
        elif action == "rate":
            micro_services.micro_rate(
                micro=micro, by=user, rating=post.get("rating", ""), comment=post.get("comment", "")
            )
            messages.success(request, "感谢您的评价")
        elif action == "to_opinion":
            opinion_id = micro_services.micro_to_opinion(micro=micro, by=user)
            messages.success(request, "已转为社情民意信息")
            return redirect("opinions:detail", opinion_id)
        elif action == "to_proposal":
            proposal_id = micro_services.micro_to_proposal(micro=micro, by=user)
            if micro.member.person.user_id != user.pk:
                messages.success(request, "已为委员生成提案草稿，并通知委员修改完善后提交")
                return redirect("participation:micro_detail", micro.pk)
            messages.success(request, "已生成提案草稿，请补充完善后提交")
            return redirect("proposals:edit", proposal_id)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("participation:micro_detail", micro.pk)


@login_required
def micro_photo(request: HttpRequest, pk: int) -> FileResponse:
    photo = MicroPhoto.objects.filter(pk=pk).first()
    if photo is None or not micro_visible(request.user).filter(pk=photo.suggestion_id).exists():
        raise Http404
    return FileResponse(photo.file.open("rb"), filename=photo.name)


@login_required
def micro_stats(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, *READERS)
    try:
        year = int(request.GET.get("year", "")) or timezone.localdate().year
    except ValueError:
        year = timezone.localdate().year
    rows = selectors.unit_figures(committee_id, year)
    return render(request, "participation/micro_stats.html", {"rows": rows, "year": year})


@login_required
def micro_settings(request: HttpRequest) -> HttpResponse:
    committee_id = require_role(request, "proposal_staff", "info_staff")
    conf = micro_services.settings_for(committee_id)
    form = SettingsForm(
        request.POST or None,
        initial={
            "screen_days": conf.screen_days,
            "answer_days": conf.answer_days,
            "public_phone_verify": conf.public_phone_verify,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: micro_services.settings_update(
                committee_id=committee_id, by=request.user, **form.cleaned_data
            ),
            success="已保存",
            form=form,
        )
        if done:
            return redirect("participation:micro_office")
    return render(
        request, "participation/micro_settings.html", {"form": form}, status=400 if form.errors else 200
    )


# --- studios ------------------------------------------------------------------------------------


@login_required
def studio_list(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    rows = studios_visible(request.user).filter(committee_id=committee_id)
    year = timezone.localdate().year
    studios = list(selectors.studios_with_figures(rows, year)[:200])
    office = has_role(request.user, committee_id, *STUDIO_OFFICE)
    if not studios and not office and member_of(request.user, committee_id) is None:
        raise Http404
    context = {"studios": studios, "year": year, "can_edit": edits_studios(request.user, committee_id)}
    return render(request, "participation/studio_list.html", context)


@login_required
def studio_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    committee_id = require_role(request, "activity_staff")
    studio = get_studio_for_user(request.user, pk) if pk else None
    initial = {}
    if studio is not None:
        initial = {
            "name": studio.name,
            "place": studio.place,
            "opening": studio.opening,
            "serves": studio.serves,
            "sectors": list(studio.sectors.all()),
            "members": list(studio.members.all()),
        }
    form = StudioForm(request.POST or None, committee_id=committee_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = attempt(
            request,
            lambda: studio_services.studio_save(
                committee_id=committee_id,
                by=request.user,
                studio=studio,
                data=studio_services.StudioData(
                    name=d["name"],
                    place=d["place"],
                    opening=d["opening"],
                    serves=d["serves"],
                    sectors=list(d["sectors"]),
                    members=list(d["members"]),
                ),
            ),
            success="已保存",
            form=form,
        )
        if done:
            return redirect("participation:studio_detail", done.value.pk)
    return render(
        request,
        "participation/studio_form.html",
        {"form": form, "studio": studio},
        status=400 if form.errors else 200,
    )


@login_required
def studio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    studio = get_studio_for_user(request.user, pk)
    year = timezone.localdate().year
    figures = selectors.studios_with_figures(studios_visible(request.user).filter(pk=studio.pk), year).first()
    page = keyset_page(request, selectors.studio_receptions(request.user, studio))
    me = member_of(request.user, studio.committee_id)
    context = {
        "studio": studio,
        "figures": figures,
        "page": page,
        "year": year,
        "members": list(studio.members.select_related("person").order_by("person__name")),
        "sectors": list(studio.sectors.all()),
        "is_member": me is not None and studio.members.filter(pk=me.pk).exists(),
        "can_edit": edits_studios(request.user, studio.committee_id),
    }
    return render_page(request, "participation/studio_detail.html", context)


@login_required
def reception_new(request: HttpRequest, pk: int) -> HttpResponse:
    studio = get_studio_for_user(request.user, pk)
    form = ReceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = attempt(
            request,
            lambda: studio_services.reception_record(
                studio=studio, by=request.user, data=studio_services.ReceptionData(**d)
            ),
            success="接待记录已保存",
            form=form,
        )
        if done:
            return redirect("participation:reception_detail", done.value.pk)
    return render(
        request,
        "participation/reception_new.html",
        {"form": form, "studio": studio},
        status=400 if form.errors else 200,
    )


@login_required
def reception_mine(request: HttpRequest) -> HttpResponse:
    committee_id = _committee(request)
    if member_of(request.user, committee_id) is None:
        raise Http404
    task = RECEPTION_TASKS.chosen(request)
    rows = (
        task.rows(request.user, committee_id) if task else selectors.my_receptions(request.user, committee_id)
    )
    page = keyset_page(request, rows)
    studios = list(
        studios_visible(request.user).filter(
            committee_id=committee_id, members__person__user_id=request.user.pk or 0
        )
    )
    return render_page(
        request, "participation/reception_mine.html", {"page": page, "task": task, "studios": studios}
    )


@login_required
def reception_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reception = get_reception_for_user(request.user, pk)
    visitor = None
    if sees_visitor(request.user, reception):
        show = request.GET.get("show") == "1"
        if show and (reception.visitor_name or reception.visitor_phone):
            record(action="participation.reception.viewed", obj=reception, by=request.user)
        visitor = {
            "name": reception.visitor_name
            if show
            else (reception.visitor_name[:1] + "**" if reception.visitor_name else ""),
            "phone": reception.visitor_phone if show else mask_phone(reception.visitor_phone),
            "shown": show,
        }
    own_open = (
        reception.member.person.user_id == request.user.pk and reception.outcome == Reception.Outcome.OPEN
    )
    promote = (
        not own_open
        and reception.outcome == Reception.Outcome.OPEN
        and bool(roles_in(request.user, reception.committee_id) & PROMOTERS)
    )
    context = {
        "reception": reception,
        "visitor": visitor,
        "own_open": own_open,
        "promote": promote,
        "carry_form": CarryOnForm(initial={"title": reception.problem[:30]}) if own_open else None,
    }
    return render(request, "participation/reception_detail.html", context)


@login_required
@require_POST
def reception_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    reception = get_reception_for_user(request.user, pk)
    post = request.POST
    try:
        if action == "solve":
            studio_services.reception_solve(
                reception=reception, by=request.user, action=post.get("action", "")
            )
            messages.success(request, "已记为当场解决")
        elif action == "micro":
            micro = studio_services.reception_to_micro(
                reception=reception,
                by=request.user,
                title=post.get("title", ""),
                place=post.get("place", ""),
                topic=post.get("topic", ""),
            )
            messages.success(request, "已作为微建议提交")
            return redirect("participation:micro_detail", micro.pk)
        elif action == "opinion":
            studio_services.reception_to_opinion(
                reception=reception, by=request.user, title=post.get("title", "")
            )
            messages.success(request, "已转为社情民意信息")
        elif action == "proposal":
            proposal_id = studio_services.reception_to_proposal(
                reception=reception, by=request.user, title=post.get("title", "")
            )
            if reception.member.person.user_id != request.user.pk:
                messages.success(request, "已为委员生成提案草稿，并通知委员修改完善后提交")
                return redirect("participation:reception_detail", reception.pk)
            messages.success(request, "已生成提案草稿，请补充完善后提交")
            return redirect("proposals:edit", proposal_id)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("participation:reception_detail", reception.pk)

"""Staff pages of 委员学习 (activity staff of the committee; leaders read the figures): the
library's management, lessons, yearly plans, completions (withdrawal), reading groups, notes
(picking outstanding ones), 委员讲坛 lectures and the figures with their Excel export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.consultations.models import Activity
from zhengxie.lib.errors import DomainError
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.xlsx import workbook_response
from zhengxie.org.models import Term
from zhengxie.org.scope import get_for_user, require_role

from . import permissions as perms
from . import selectors
from .forms import (
    BookForm,
    CourseForm,
    GroupForm,
    LectureForm,
    LessonForm,
    PlanForm,
    PlanItemForm,
    PublishForm,
    WithdrawForm,
)
from .models import Completion, Course, Lecture, Lesson, Note, Plan, ReadingGroup
from .services import library, plans, progress, reading


def _staff(request: HttpRequest) -> int:
    return require_role(request, *perms.STAFF_ROLES)


def _course_data(form: CourseForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["sectors"] = list(data["sectors"])
    data["special_committees"] = list(data["special_committees"])
    return data


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    committee_id = _staff(request)
    rows = Course.objects.filter(committee_id=committee_id).annotate(n_lessons=Count("lessons"))
    state = request.GET.get("state", "")
    if state in Course.State.values:
        rows = rows.filter(state=state)
    page = keyset_page(request, rows)
    context = {"page": page, "states": Course.State.choices, "state": state, "now": timezone.now()}
    return render(request, "learning/manage.html", context)


@login_required
def course_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    committee_id = _staff(request)
    course = perms.get_staff_course(request.user, pk) if pk else None
    initial: dict[str, Any] = {}
    if course is not None:
        initial = {
            "kind": course.kind,
            "title": course.title,
            "summary": course.summary,
            "topic": course.topic,
            "credit_hours": course.credit_hours,
            "sectors": list(course.sectors.all()),
            "special_committees": list(course.special_committees.all()),
        }
    form = CourseForm(request.POST or None, committee_id=committee_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if course is None:
                course = library.course_create(
                    committee_id=committee_id, by=request.user, data=_course_data(form)
                )
            else:
                library.course_update(course=course, by=request.user, data=_course_data(form))
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "课程已保存")
            return redirect("learning:course", course.pk)
    return render(
        request,
        "learning/course_form.html",
        {"form": form, "course": course},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def course_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _staff(request)
    course = perms.get_staff_course(request.user, pk)
    try:
        if action == "publish":
            form = PublishForm(request.POST)
            if not form.is_valid():
                raise DomainError("定时发布的时间格式不正确")
            library.course_publish(course=course, by=request.user, at=form.cleaned_data.get("at"))
            done = "课程已发布" if not form.cleaned_data.get("at") else "已设置定时发布"
        elif action == "retire":
            library.course_retire(course=course, by=request.user)
            done = "课程已下架"
        elif action in ("share", "unshare"):
            library.course_share(course=course, by=request.user, shared=action == "share")
            done = "已共享给下级政协" if action == "share" else "已取消共享"
        else:
            raise DomainError("未知的操作")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("learning:course", course.pk)


def _lesson_data(form: LessonForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "upload"}


@login_required
def lesson_form(request: HttpRequest, course_pk: int, pk: int | None = None) -> HttpResponse:
    _staff(request)
    course = perms.get_staff_course(request.user, course_pk)
    lesson = None
    initial: dict[str, Any] = {"order": course.lessons.count() + 1}
    if pk is not None:
        lesson = get_for_user(Lesson.objects.filter(course=course), request.user, pk, perms.STAFF_ROLES)
        initial = {
            f: getattr(lesson, f)
            for f in ("title", "kind", "order", "body", "link_url", "rule", "min_minutes", "pass_percent")
        }
        import json

        initial["quiz"] = json.dumps(lesson.quiz, ensure_ascii=False) if lesson.quiz else ""
    form = LessonForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("upload")
        try:
            if lesson is None:
                lesson = library.lesson_create(
                    course=course, by=request.user, data=_lesson_data(form), upload=upload
                )
            else:
                library.lesson_update(lesson=lesson, by=request.user, data=_lesson_data(form), upload=upload)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "课时已保存")
            return redirect("learning:course", course.pk)
    context = {"form": form, "course": course, "lesson": lesson}
    return render(request, "learning/lesson_form.html", context, status=400 if form.errors else 200)


@login_required
def completions(request: HttpRequest, pk: int) -> HttpResponse:
    """Who finished the course, with withdrawal of a completion."""
    _staff(request)
    course = perms.get_staff_course(request.user, pk)
    rows = Completion.objects.filter(course=course).select_related("member__person", "member__sector")
    page = keyset_page(request, rows)
    return render(
        request, "learning/completions.html", {"course": course, "page": page, "form": WithdrawForm()}
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = _staff(request)
    completion = get_for_user(
        Completion.objects.filter(committee_id=committee_id).select_related("member__person", "course"),
        request.user,
        pk,
        perms.STAFF_ROLES,
    )
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请填写撤销原因")
        progress.completion_withdraw(
            completion=completion, by=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "学习记录已撤销，相应履职积分已冲正")
    return redirect("learning:completions", completion.course_id)


# --- plans ----------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    committee_id = _staff(request)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_create(committee_id=committee_id, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "学习计划已创建，请列入必修课程")
            return redirect("learning:plan", plan.pk)
    rows = Plan.objects.filter(committee_id=committee_id).annotate(n_items=Count("items"))
    page = keyset_page(request, rows)
    return render(
        request, "learning/plans.html", {"page": page, "form": form}, status=400 if form.errors else 200
    )


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    committee_id = _staff(request)
    plan = get_for_user(Plan.objects.all(), request.user, pk, perms.STAFF_ROLES)
    # The committee's own courses and those a committee above shared with it.
    reach = Q(committee_id=committee_id) | Q(
        shared_down=True, committee_id__in=perms.ancestor_ids({committee_id})
    )
    courses = Course.objects.filter(reach, state=Course.State.PUBLISHED).order_by("title")
    form = PlanItemForm(request.POST or None, committee_id=committee_id, courses=courses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = plans.item_add(
                plan=plan,
                course=data["course"],
                audience_kind=data["audience"],
                due_on=data["due_on"],
                by=request.user,
                sector_id=data["sector"].pk if data.get("sector") else None,
                special_committee_id=data["special_committee"].pk if data.get("special_committee") else None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已分派给{item.assigned_count}名委员")
            return redirect("learning:plan", plan.pk)
    items = list(
        plan.items.select_related("course", "sector", "special_committee").annotate(
            n_done=Count("assignments", filter=_done())
        )
    )
    context = {"plan": plan, "items": items, "form": form}
    return render(request, "learning/plan.html", context, status=400 if form.errors else 200)


def _done() -> Any:
    return Q(assignments__done_at__isnull=False)


# --- reading groups, notes, lectures --------------------------------------------------------------


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    committee_id = _staff(request)
    form = GroupForm(request.POST or None, committee_id=committee_id)
    if request.method == "POST" and form.is_valid():
        try:
            group = reading.group_create(
                committee_id=committee_id,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                member_ids=[m.pk for m in form.cleaned_data["members"]],
                books=form.book_list(),
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "读书群已成立")
            return redirect("learning:group", group.pk)
    return render(request, "learning/group_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def book_add(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    group = get_for_user(ReadingGroup.objects.all(), request.user, pk, perms.STAFF_ROLES)
    form = BookForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("请填写书名")
        reading.book_add(group=group, by=request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "书目已加入书单")
    return redirect("learning:group", group.pk)


@login_required
def notes(request: HttpRequest) -> HttpResponse:
    """Every note of the committee, newest first, to pick outstanding ones."""
    committee_id = _staff(request)
    rows = Note.objects.filter(committee_id=committee_id).select_related("author__person", "group")
    if request.GET.get("outstanding") == "1":
        rows = rows.filter(outstanding_at__isnull=False)
    page = keyset_page(request, rows)
    return render(request, "learning/notes.html", {"page": page})


@login_required
@require_POST
def note_pick(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _staff(request)
    note = get_for_user(Note.objects.select_related("author"), request.user, pk, perms.STAFF_ROLES)
    try:
        if action == "pick":
            reading.note_pick(note=note, by=request.user)
            done = "已评为优秀读书心得并公布"
        else:
            reading.note_unpick(note=note, by=request.user, reason=request.POST.get("reason", ""))
            done = "已取消优秀，相应履职积分已冲正"
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("learning:note", note.pk)


def _activities(committee_id: int) -> list[tuple[int, str]]:
    rows = (
        Activity.objects.filter(committee_id=committee_id)
        .exclude(state=Activity.State.CANCELLED)
        .order_by("-starts_at")
        .values_list("pk", "title", "starts_at")[:100]
    )
    return [(pk, f"{title}（{timezone.localtime(at):%Y-%m-%d}）") for pk, title, at in rows]


@login_required
def lectures(request: HttpRequest) -> HttpResponse:
    """委员讲坛: lectures with their meeting activity (where attendance is signed in and scored)."""
    committee_id = request.committee_id  # type: ignore[attr-defined]
    is_staff = perms.is_staff_of(request.user, committee_id)
    if not is_staff and perms.member_of(request.user, committee_id) is None:
        require_role(request, *perms.FIGURE_ROLES)
    form = None
    if is_staff:
        courses = Course.objects.filter(committee_id=committee_id).exclude(state=Course.State.RETIRED)
        form = LectureForm(request.POST or None, activities=_activities(committee_id), courses=courses)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                reading.lecture_create(
                    committee_id=committee_id,
                    title=data["title"],
                    speaker=data["speaker"],
                    held_on=data["held_on"],
                    summary=data["summary"],
                    activity_id=data.get("activity"),
                    course=data.get("course"),
                    by=request.user,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "委员讲坛已登记")
                return redirect("learning:lectures")
    rows = Lecture.objects.filter(committee_id=committee_id).select_related("course")
    page = keyset_page(request, rows)
    activity_ids = {lec.activity_id for lec in page.items if lec.activity_id}
    activities = dict(
        Activity.objects.filter(committee_id=committee_id, pk__in=activity_ids).values_list("pk", "title")
    )
    context = {
        "page": page,
        "form": form,
        "activities": activities,
        "is_staff": is_staff,
    }
    return render(
        request, "learning/lectures.html", context, status=400 if form is not None and form.errors else 200
    )


# --- figures --------------------------------------------------------------------------------------


def _figures(request: HttpRequest) -> dict[str, Any]:
    committee_id = require_role(request, *perms.FIGURE_ROLES)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    terms = list(Term.objects.filter(committee_id=committee_id).order_by("-number"))
    term = next((t for t in terms if str(t.pk) == request.GET.get("term")), terms[0] if terms else None)
    hours = selectors.hours(committee_id, year)
    return {
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "terms": terms,
        "term": term,
        "coverage": selectors.coverage(committee_id, term),
        "hours": hours,
        "sectors": selectors.hours_by_sector(hours),
        "rates": selectors.completion_rates(committee_id, year),
    }


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/figures.html", _figures(request))


@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    data = _figures(request)
    term = data["term"]
    return workbook_response(
        f"委员学习统计{data['year']}.xlsx",
        [
            (
                f"{term}培训覆盖" if term else "培训覆盖",
                ["界别", "委员人数", "已参训", "覆盖率", "尚未参训委员"],
                [
                    [c.name, c.total, c.trained, f"{c.percent}%", "、".join(c.untrained)]
                    for c in data["coverage"]
                ],
            ),
            (
                "委员学习时长",
                ["姓名", "界别", "在线学习时长（小时）", "完成课程", "课程学时"],
                [[r.name, r.sector, float(r.hours), r.courses, r.credit_hours] for r in data["hours"]],
            ),
            (
                "界别学习时长",
                ["界别", "委员人数", "合计时长（小时）", "人均时长（小时）", "课程学时"],
                [
                    [s["sector"], s["members"], float(s["hours"]), float(s["average"]), s["credit_hours"]]
                    for s in data["sectors"]
                ],
            ),
            (
                "课程完成率",
                ["课程", "分派人数", "已完成", "完成率"],
                [[r["course"], r["assigned"], r["done"], f"{r['percent']}%"] for r in data["rates"]],
            ),
        ],
    )

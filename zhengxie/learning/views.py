"""Members' pages of 委员学习: the library, a course, the lesson reader (with its heartbeats, quiz and
recordings served with range requests), my learning, reading groups and notes. Every page works
on a 375 px phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhengxie.lib.errors import DomainError
from zhengxie.lib.htmx import render_page
from zhengxie.lib.pagination import keyset_page
from zhengxie.lib.ranges import ranged_file_response

from . import permissions as perms
from . import selectors
from .forms import CommentForm, NoteForm
from .models import Completion, Course, Lesson, Note, NoteComment
from .services import progress as progress_services
from .services import reading
from .workbench import MINE_TASKS


def _committee(request: HttpRequest) -> int:
    return request.committee_id  # type: ignore[attr-defined]


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """The library: published courses of the committee and those shared from above; staff also
    see their drafts, scheduled and retired courses (with their state)."""
    rows = perms.courses_visible(request.user).select_related("committee")
    kind = request.GET.get("kind", "")
    topic = request.GET.get("topic", "").strip()
    if kind in Course.Kind.values:
        rows = rows.filter(kind=kind)
    if topic:
        rows = rows.filter(topic=topic)
    page = keyset_page(request, rows)
    topics = sorted(
        {
            t
            for t in perms.courses_visible(request.user)
            .exclude(topic="")
            .values_list("topic", flat=True)[:200]
        }
    )
    context = {
        "page": page,
        "kinds": Course.Kind.choices,
        "kind": kind,
        "topic": topic,
        "topics": topics,
        "is_staff": perms.is_staff_of(request.user, _committee(request)),
        "now": timezone.now(),
    }
    return render_page(request, "learning/library.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """我的学习: what is due (the home page's task), hours this year, courses finished."""
    committee_id = _committee(request)
    member = perms.member_of(request.user, committee_id)
    if member is None:
        raise Http404
    task = MINE_TASKS.chosen(request)
    if task is not None:
        rows = task.rows(request.user, committee_id).select_related("course")
    else:
        rows = selectors.member_assignments(member)
    page = keyset_page(request, rows)
    year = timezone.localdate().year
    context = {
        "task": task,
        "page": page,
        "today": timezone.localdate(),
        "year": year,
        "hours": selectors.hours_label(selectors.seconds_in_year(member, year)),
        "completions": list(
            Completion.objects.filter(member=member, state=Completion.State.DONE)
            .select_related("course")
            .order_by("-completed_at")[:20]
        ),
    }
    return render_page(request, "learning/mine.html", context)


@login_required
def course(request: HttpRequest, pk: int) -> HttpResponse:
    course = perms.get_course_for_user(request.user, pk)
    lessons = list(course.lessons.all())
    is_staff = perms.is_staff_of(request.user, course.committee_id)
    member = perms.member_of(request.user, _committee(request))
    progress = selectors.course_progress(member, course)
    context = {
        "course": course,
        "lessons": [(lesson, progress.get(lesson.pk)) for lesson in lessons],
        "sectors": list(course.sectors.all()),
        "specials": list(course.special_committees.all()),
        "is_staff": is_staff,
        "completion": selectors.standing_completion(member, course),
        "member": member,
        "now": timezone.now(),
    }
    return render(request, "learning/course.html", context)


@login_required
def lesson(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader: opens a view for this device (heartbeats credit time while it is on screen)."""
    lesson = perms.get_lesson_for_user(request.user, pk)
    member = None
    try:
        member = perms.learner_for(request.user, lesson.committee_id)
    except Http404:
        if not perms.is_staff_of(request.user, lesson.committee_id):
            raise
    view, progress = (None, None)
    if member is not None and lesson.course.state == Course.State.PUBLISHED:
        view, progress = progress_services.lesson_open(member=member, lesson=lesson)
    siblings = list(lesson.course.lessons.values_list("pk", "title"))
    index = [pk for pk, _ in siblings].index(lesson.pk)
    context = {
        "lesson": lesson,
        "course": lesson.course,
        "view": view,
        "progress": progress,
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "beat_seconds": progress_services.BEAT_SECONDS,
        "questions": list(enumerate(lesson.quiz)),
        "rule_met": progress is not None and progress.completed_at is not None,
    }
    return render(request, "learning/lesson.html", context)


def _float(value: str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError as exc:
        raise BadRequest from exc
    if number != number or number in (float("inf"), float("-inf")):  # NaN or infinite
        raise BadRequest
    return number


@login_required
@require_POST
def beat(request: HttpRequest, pk: int) -> JsonResponse:
    """A heartbeat of the reader's script (also sent by `navigator.sendBeacon` when the page hides)."""
    lesson = perms.get_lesson_for_user(request.user, pk)
    member = perms.learner_for(request.user, lesson.committee_id)
    post = request.POST
    try:
        view_id = int(post.get("view", ""))
        result = progress_services.heartbeat(
            member=member,
            view_id=view_id,
            visible=post.get("visible") == "1",
            position=_float(post.get("position")),
            fraction=_float(post.get("fraction")),
            ended=post.get("ended") == "1",
        )
    except (ValueError, BadRequest):
        return JsonResponse({"code": "invalid", "message": "心跳数据不正确"}, status=422)
    except DomainError as exc:
        return JsonResponse({"code": "refused", "message": exc.message}, status=400)
    return JsonResponse(
        {
            "seconds": result.seconds,
            "position": result.position,
            "completed": result.completed_at is not None,
        }
    )


@login_required
@require_POST
def quiz(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = perms.get_lesson_for_user(request.user, pk)
    member = perms.learner_for(request.user, lesson.committee_id)
    answers: list[int] = []
    for i in range(len(lesson.quiz)):
        raw = request.POST.get(f"q{i}", "")
        if not raw.isdigit():
            messages.error(request, "请回答全部测验题")
            return redirect("learning:lesson", lesson.pk)
        answers.append(int(raw))
    try:
        score = progress_services.quiz_submit(member=member, lesson=lesson, answers=answers)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if score >= lesson.pass_percent:
            messages.success(request, f"测验得分{score}分，已通过")
        else:
            messages.warning(request, f"测验得分{score}分，未达到{lesson.pass_percent}分，请复习后再试")
    return redirect("learning:lesson", lesson.pk)


@login_required
def media(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    """A lesson's file (PDF read inline, audio and video streamed with range requests)."""
    lesson = perms.get_lesson_for_user(request.user, pk)
    if not lesson.file or lesson.kind not in (
        Lesson.Kind.PDF,
        Lesson.Kind.AUDIO,
        Lesson.Kind.VIDEO,
        Lesson.Kind.WORD,
    ):
        raise Http404
    response = ranged_file_response(
        request,
        lesson.file.storage,
        lesson.file.name,
        content_type=lesson.file_type or "application/octet-stream",
        filename=lesson.file_name or "lesson",
        inline=lesson.kind != Lesson.Kind.WORD,
    )
    if lesson.kind == Lesson.Kind.PDF:
        # Read inside the lesson page (this site only), so time on it is time on the page.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    return response


# --- reading groups and notes ------------------------------------------------------------------


@login_required
def groups(request: HttpRequest) -> HttpResponse:
    rows = (
        perms.groups_visible(request.user)
        .filter(committee_id=_committee(request))
        .annotate(n_members=Count("members", distinct=True), n_notes=Count("notes", distinct=True))
    )
    outstanding = list(
        Note.objects.filter(committee_id=_committee(request), outstanding_at__isnull=False)
        .select_related("author__person", "group")
        .order_by("-outstanding_at")[:10]
    )
    context = {
        "groups": list(rows.order_by("-id")[:50]),
        "outstanding": outstanding,
        "is_staff": perms.is_staff_of(request.user, _committee(request)),
    }
    return render(request, "learning/groups.html", context)


@login_required
def group(request: HttpRequest, pk: int) -> HttpResponse:
    group = perms.get_group_for_user(request.user, pk)
    member = perms.member_of(request.user, group.committee_id)
    books = list(group.books.all())
    in_group = member is not None and group.members.filter(pk=member.pk).exists()
    form = NoteForm(request.POST or None, books=[(b.pk, b.title) for b in books])
    if request.method == "POST" and form.is_valid():
        book = form.cleaned_data.get("book")
        try:
            note = reading.note_create(
                group=group,
                member=member,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                book_id=int(book) if book else None,
                by=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "读书心得已发表")
            return redirect("learning:note", note.pk)
    notes = list(
        group.notes.select_related("author__person", "book")
        .annotate(n_comments=Count("comments"))
        .order_by("-id")[:50]
    )
    context = {
        "group": group,
        "books": books,
        "members": list(group.members.select_related("person", "sector")[:200]),
        "notes": notes,
        "form": form,
        "in_group": in_group,
        "is_staff": perms.is_staff_of(request.user, group.committee_id),
    }
    return render(request, "learning/group.html", context, status=400 if form.errors else 200)


@login_required
def note(request: HttpRequest, pk: int) -> HttpResponse:
    note = perms.get_note_for_user(request.user, pk)
    note = (
        Note.objects.select_related("author__person", "group", "book")
        .prefetch_related(Prefetch("comments", NoteComment.objects.select_related("author__person")))
        .get(pk=note.pk)
    )
    member = perms.member_of(request.user, note.committee_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reading.comment_add(note=note, member=member, body=form.cleaned_data["body"], by=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "评论已发表")
            return redirect("learning:note", note.pk)
    context = {
        "note": note,
        "form": form,
        "can_comment": member is not None and note.group.members.filter(pk=member.pk).exists(),
        "is_staff": perms.is_staff_of(request.user, note.committee_id),
    }
    return render(request, "learning/note.html", context, status=400 if form.errors else 200)

"""Who sees and does what in 委员学习.

Activity staff (办公厅, who organise training) run the library, plans, reading groups and lectures
of their committee; leaders read the figures. A member sees the published courses of his or her
committee and the courses that a committee above it shared down; a draft, a course scheduled for
later, a retired course or another committee's course does not exist for him (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import committee_ids, get_for_user
from zhengxie.org.selectors import ancestor_ids

from .models import Course, Lesson, Note, ReadingGroup

STAFF_ROLES = frozenset({Role.ACTIVITY_STAFF})
FIGURE_ROLES = frozenset({Role.ACTIVITY_STAFF, Role.LEADER})


def _reach(user: Any) -> tuple[set[int], set[int], set[int]]:
    """(committees where the user is staff, committees where he is anything, their ancestors),
    worked out once per request."""
    cached: tuple[set[int], set[int], set[int]] | None = getattr(user, "_zx_learning_reach", None)
    if cached is None:
        everywhere = committee_ids(user)
        cached = (committee_ids(user, STAFF_ROLES), everywhere, ancestor_ids(everywhere))
        user._zx_learning_reach = cached
    return cached


def open_q(prefix: str = "") -> Q:
    """Published and past its publishing time."""
    return Q(**{f"{prefix}state": Course.State.PUBLISHED}) & (
        Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": timezone.now()})
    )


def courses_visible(user: Any, qs: QuerySet[Course] | None = None) -> QuerySet[Course]:
    qs = Course.objects.all() if qs is None else qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    staff, everywhere, above = _reach(user)
    reach = Q(committee_id__in=staff) | (open_q() & Q(committee_id__in=everywhere))
    if above:
        reach |= open_q() & Q(shared_down=True, committee_id__in=above)
    return qs.filter(reach)


def get_course_for_user(user: Any, pk: Any) -> Course:
    """A course the user may see (a shared course lives in a committee above his), else 404."""
    try:
        return courses_visible(user).get(pk=int(pk))
    except (Course.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def get_lesson_for_user(user: Any, pk: Any) -> Lesson:
    """A lesson of a course the user may see, with its course, else 404."""
    try:
        lesson = Lesson.objects.select_related("course").get(pk=int(pk))
    except (Lesson.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not courses_visible(user).filter(pk=lesson.course_id).exists():
        raise Http404
    return lesson


def is_staff_of(user: Any, committee_id: int) -> bool:
    return committee_id in _reach(user)[0]


def get_staff_course(user: Any, pk: Any) -> Course:
    """A course of a committee where the user is staff (to edit it), else 404."""
    return get_for_user(Course.objects.all(), user, pk, STAFF_ROLES)


def member_of(user: Any, committee_id: int | None) -> Member | None:
    """The user's membership of the committee (cached on the user for the request)."""
    if committee_id is None or not getattr(user, "is_authenticated", False):
        return None
    cache: dict[int, Member | None] = user.__dict__.setdefault("_zx_learning_members", {})
    if committee_id not in cache:
        cache[committee_id] = (
            Member.objects.filter(committee_id=committee_id, person__user_id=user.pk, is_active=True)
            .select_related("person", "sector")
            .first()
        )
    return cache[committee_id]


def learner_for(user: Any, committee_id: int) -> Member:
    """The member who studies a lesson of `committee_id`'s library: a member of that committee, or
    of a committee below it (shared courses). Users who are no member have no progress (404)."""
    member = member_of(user, committee_id)
    if member is not None:
        return member
    mine = (
        Member.objects.filter(person__user_id=user.pk, is_active=True)
        .select_related("person", "sector")
        .order_by("id")
    )
    for candidate in mine:
        if committee_id in ancestor_ids({candidate.committee_id}):
            return candidate
    raise Http404


def groups_visible(user: Any, qs: QuerySet[ReadingGroup] | None = None) -> QuerySet[ReadingGroup]:
    """Staff see their committee's groups; members the groups they belong to."""
    qs = ReadingGroup.objects.all() if qs is None else qs
    staff = _reach(user)[0]
    return qs.filter(
        Q(committee_id__in=staff) | Q(members__person__user_id=getattr(user, "pk", None))
    ).distinct()


def get_group_for_user(user: Any, pk: Any) -> ReadingGroup:
    return get_for_user(groups_visible(user), user, pk)  # type: ignore[arg-type]


def notes_visible(user: Any, qs: QuerySet[Note] | None = None) -> QuerySet[Note]:
    """A note is read by its group and the committee's staff; an outstanding note by every member
    of the committee (it is published)."""
    qs = Note.objects.all() if qs is None else qs
    staff, everywhere, _ = _reach(user)
    in_group = Q(group__members__person__user_id=getattr(user, "pk", None))
    published = Q(outstanding_at__isnull=False, committee_id__in=everywhere)
    return qs.filter(Q(committee_id__in=staff) | in_group | published).distinct()


def get_note_for_user(user: Any, pk: Any) -> Note:
    return get_for_user(notes_visible(user), user, pk)  # type: ignore[arg-type]

"""Who sees what in consultations.

Activity staff (办公厅/专委会) and leaders see every plan, consultation, activity and deliberation
of their committee. A member sees the activities and deliberations he or she is invited to, and
the consultations behind them (with their outcomes and feedback). Anything else is 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import committee_ids, get_for_user, has_role
from zhengxie.org.selectors import subtree_ids
from zhengxie.supervision.selectors import followed_up_ids

from .models import Activity, Case, Consultation, Deliberation, Instruction

OFFICE_ROLES = frozenset({Role.ACTIVITY_STAFF, Role.LEADER})


def is_office(user: Any, committee_id: int | None) -> bool:
    return has_role(user, committee_id, *OFFICE_ROLES)


def is_staff(user: Any, committee_id: int | None) -> bool:
    return has_role(user, committee_id, Role.ACTIVITY_STAFF)


def my_member_ids(user: Any) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[int] | None = getattr(user, "_zx_member_ids", None)
    if cached is None:
        ids = committee_ids(user, [Role.MEMBER])
        cached = list(
            Member.objects.filter(person__user_id=user.pk, committee_id__in=ids).values_list("pk", flat=True)
        )
        user._zx_member_ids = cached
    return cached


def _reach(user: Any, member_q: Q) -> Q | None:
    office = committee_ids(user, OFFICE_ROLES)
    reach = Q(committee_id__in=office) if office else None
    if my_member_ids(user):
        reach = member_q if reach is None else reach | member_q
    return reach


def activities_visible(user: Any, qs: QuerySet[Activity] | None = None) -> QuerySet[Activity]:
    qs = Activity.objects.all() if qs is None else qs
    members = my_member_ids(user)
    reach = _reach(user, Q(pk__in=Activity.objects.filter(invitations__member_id__in=members).values("pk")))
    return qs.none() if reach is None else qs.filter(reach)


def deliberations_visible(user: Any, qs: QuerySet[Deliberation] | None = None) -> QuerySet[Deliberation]:
    qs = Deliberation.objects.all() if qs is None else qs
    members = my_member_ids(user)
    reach = _reach(user, Q(pk__in=Deliberation.objects.filter(members__in=members).values("pk")))
    return qs.none() if reach is None else qs.filter(reach)


def consultations_visible(user: Any, qs: QuerySet[Consultation] | None = None) -> QuerySet[Consultation]:
    qs = Consultation.objects.all() if qs is None else qs
    members = my_member_ids(user)
    invited = Activity.objects.filter(invitations__member_id__in=members, consultation__isnull=False)
    reach = _reach(user, Q(pk__in=invited.values("consultation_id")))
    if committee_ids(user, [Role.SUPERVISION_STAFF]):
        # The supervision office reads the consultations whose instructions its items follow up.
        followed = Q(
            pk__in=Instruction.objects.filter(pk__in=followed_up_ids(user, Instruction)).values(
                "outcome__consultation_id"
            )
        )
        reach = followed if reach is None else reach | followed
    return qs.none() if reach is None else qs.filter(reach)


def get_activity_for_user(user: Any, pk: Any) -> Activity:
    try:
        return get_for_user(activities_visible(user), user, pk)  # type: ignore[arg-type]
    except Http404:
        # A member of a co-organising committee (joint app) is invited to another committee's
        # activity: he sees the activity he is invited to, nothing else of that committee.
        members = my_member_ids(user)
        invited = (
            Activity.objects.filter(pk=pk, invitations__member_id__in=members).first()
            if members and str(pk).isdigit()
            else None
        )
        if invited is None:
            raise
        return invited


def get_deliberation_for_user(user: Any, pk: Any) -> Deliberation:
    return get_for_user(deliberations_visible(user), user, pk)  # type: ignore[arg-type]


def get_consultation_for_user(user: Any, pk: Any) -> Consultation:
    return get_for_user(consultations_visible(user), user, pk)  # type: ignore[arg-type]


def get_office_object(model: Any, user: Any, pk: Any) -> Any:
    """An object of the user's committees where he or she is activity staff or leader, else 404."""
    return get_for_user(model.objects.all(), user, pk, OFFICE_ROLES)


def cases_visible(user: Any, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The case library: a committee's office reads its own cases and the shared cases of every
    committee below it (a province reads its cities' and counties' shared cases)."""
    qs = Case.objects.all() if qs is None else qs
    office = committee_ids(user, OFFICE_ROLES)
    if not office:
        return qs.none()
    below: set[int] = set()
    for committee_id in office:
        below |= subtree_ids(committee_id)
    return qs.filter(Q(committee_id__in=office) | Q(shared=True, committee_id__in=below - office))


def get_case_for_user(user: Any, pk: Any) -> Case:
    try:
        return cases_visible(user).select_related("consultation__form", "committee").get(pk=int(pk))
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc

"""Small helpers the services share: role checks, text checks and notices to an item's authors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from zhengxie.lib.errors import NotAllowed
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.scope import committee_ids, roles_in

from ..models import Opinion
from ..permissions import opinions_visible

MAX_BODY = 5000
MAX_TITLE = 200


def require_info_staff(by: Any, committee_id: int) -> None:
    if Role.INFO_STAFF not in roles_in(by, committee_id):
        raise NotAllowed()


def text_problems(title: str, body: str) -> list[str]:
    problems = []
    if not title.strip():
        problems.append("请填写标题")
    elif len(title.strip()) > MAX_TITLE:
        problems.append(f"标题不能超过{MAX_TITLE}个字")
    if not body.strip():
        problems.append("请填写正文")
    elif len(body) > MAX_BODY:
        problems.append(f"正文不能超过{MAX_BODY}个字（一般应在1500字以内）")
    return problems


def author_users(opinion: Opinion) -> set[int]:
    """User ids of the item's creator and credited authors who have accounts."""
    ids = set(
        opinion.author_rows.filter(member__person__user__isnull=False).values_list(
            "member__person__user_id", flat=True
        )
    )
    ids.add(opinion.created_by_id)
    return ids


def notify_authors(opinion: Opinion, *, key: str, title: str, body: str = "") -> None:
    """Tell the item's authors after commit (one notice per author and key). Each recipient's link
    is the copy of the chain he or she can open: the authors' original, or — for a centre whose
    staff reported the item upward and is credited as its creator there — that centre's own copy."""
    root_id = opinion.root_id
    recipients = author_users(opinion)

    def send() -> None:
        from zhengxie.accounts.models import User

        chain = Opinion.objects.filter(Q(pk=root_id) | Q(origin_id=root_id))
        for user in User.objects.filter(pk__in=recipients):
            visible = dict(opinions_visible(user, chain).values_list("pk", "committee_id"))
            own = sorted(pk for pk, committee in visible.items() if committee in committee_ids(user))
            target = root_id if root_id in visible else (own[0] if own else min(visible, default=root_id))
            url = reverse("opinions:detail", args=[target])
            notify(recipient=user, key=f"opinions:{key}", title=title, body=body, url=url, committee_id=None)

    transaction.on_commit(send)


def notify_info_staff(committee_id: int, *, key: str, title: str, url: str) -> None:
    notify_role(committee_id, Role.INFO_STAFF, key=key, title=title, url=url)


def notify_role(committee_id: int, role: str, *, key: str, title: str, url: str) -> None:
    """Tell everyone holding `role` in the committee, after commit."""

    def send() -> None:
        ids: Iterable[int] = RoleAssignment.objects.filter(committee_id=committee_id, role=role).values_list(
            "user_id", flat=True
        )
        from zhengxie.accounts.models import User

        for user in User.objects.filter(pk__in=list(ids), is_active=True):
            notify(recipient=user, key=f"opinions:{key}", title=title, url=url, committee_id=committee_id)

    transaction.on_commit(send)


def notify_users(user_ids: Iterable[int], *, committee_id: int, key: str, title: str, url: str) -> None:
    """Tell these users, after commit."""
    wanted = list(user_ids)

    def send() -> None:
        from zhengxie.accounts.models import User

        for user in User.objects.filter(pk__in=wanted, is_active=True):
            notify(recipient=user, key=f"opinions:{key}", title=title, url=url, committee_id=committee_id)

    transaction.on_commit(send)

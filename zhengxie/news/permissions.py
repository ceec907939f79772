"""Who reads and who writes 要闻动态 and 政协知识.

The office (activity and information staff) of a committee writes its articles and sees all of
them, drafts and withdrawn ones included. Everyone else who works in the committee (members,
staff, leaders, handling units, conveners — not the three administrators, who do no business)
reads its published articles once their publishing time has come, and those a committee above
shared down. Anything else does not exist for them (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhengxie.org.roles import Role
from zhengxie.org.scope import committee_ids, get_for_user, has_role
from zhengxie.org.selectors import ancestor_ids

from .models import Article, Attachment

STAFF_ROLES = frozenset({Role.ACTIVITY_STAFF, Role.INFO_STAFF})
READER_ROLES = frozenset(
    {
        Role.MEMBER,
        Role.PROPOSAL_STAFF,
        Role.INFO_STAFF,
        Role.SUPERVISION_STAFF,
        Role.ACTIVITY_STAFF,
        Role.UNIT_CLERK,
        Role.UNIT_LEADER,
        Role.LEADER,
        Role.CONVENER,
    }
)


def _reach(user: Any) -> tuple[set[int], set[int], set[int]]:
    """(committees where the user is the office, where he reads, the committees above those),
    worked out once per request."""
    cached: tuple[set[int], set[int], set[int]] | None = getattr(user, "_zx_news_reach", None)
    if cached is None:
        readers = committee_ids(user, READER_ROLES)
        cached = (committee_ids(user, STAFF_ROLES), readers, ancestor_ids(readers))
        user._zx_news_reach = cached
    return cached


def open_q() -> Q:
    """Published, and its publishing time has come."""
    return Q(state=Article.State.PUBLISHED, published_at__lte=timezone.now())


def articles_visible(user: Any, qs: QuerySet[Article] | None = None) -> QuerySet[Article]:
    qs = Article.objects.all() if qs is None else qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    staff, readers, above = _reach(user)
    reach = Q(committee_id__in=staff) | (open_q() & Q(committee_id__in=readers))
    if above:
        reach |= open_q() & Q(shared_down=True, committee_id__in=above)
    return qs.filter(reach)


def readable_by_members(committee_id: int, qs: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """What a reader of `committee_id` sees: its open articles and those shared down from above."""
    qs = Article.objects.all() if qs is None else qs
    above = ancestor_ids({committee_id})
    return qs.filter(open_q() & (Q(committee_id=committee_id) | Q(shared_down=True, committee_id__in=above)))


def get_article_for_user(user: Any, pk: Any) -> Article:
    try:
        return articles_visible(user).select_related("committee").get(pk=int(pk))
    except (Article.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def get_staff_article(user: Any, pk: Any) -> Article:
    """An article of a committee where the user is the office (to edit it), else 404."""
    return get_for_user(Article.objects.all(), user, pk, STAFF_ROLES)


def get_attachment_for_user(user: Any, pk: Any) -> Attachment:
    row = Attachment.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    get_article_for_user(user, row.article_id)
    return row


def is_staff_of(user: Any, committee_id: int | None) -> bool:
    return committee_id is not None and has_role(user, committee_id, *STAFF_ROLES)

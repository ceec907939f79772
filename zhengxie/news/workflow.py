"""An article is written as a draft, published (now or from a set time) and may be withdrawn;
a withdrawn article can be published again after correction. The office (activity and
information staff) takes every step."""

from __future__ import annotations

from zhengxie.lib.workflow import Step as S
from zhengxie.org.roles import Role

from .models import Article

STAFF = frozenset({Role.ACTIVITY_STAFF, Role.INFO_STAFF})
A = Article.State

TABLE: dict[str, dict[str, S]] = {
    A.DRAFT: {A.PUBLISHED: S("news.article.published", STAFF, "发布")},
    A.PUBLISHED: {A.WITHDRAWN: S("news.article.withdrawn", STAFF, "撤回")},
    A.WITHDRAWN: {A.PUBLISHED: S("news.article.published", STAFF, "重新发布")},
}
LABELS = dict(A.choices)

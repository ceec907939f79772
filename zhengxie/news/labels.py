"""Chinese names of the news section's audit actions and records (lib.labels)."""

from __future__ import annotations

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "news.article.created": "撰写要闻或知识文章",
        "news.article.edited": "修改要闻或知识文章",
        "news.article.published": "发布要闻或知识文章",
        "news.article.withdrawn": "撤回要闻或知识文章",
        "news.article.shared": "共享文章给下级政协",
        "news.article.unshared": "取消共享文章",
        "news.attachment.added": "添加文章附件",
        "news.attachment.removed": "删除文章附件",
    },
    group="要闻动态",
)


def _own_url(obj: object) -> str:
    return obj.get_absolute_url()  # type: ignore[attr-defined]


register_kind("news.article", "要闻与知识", url=_own_url)

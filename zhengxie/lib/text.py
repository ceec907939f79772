"""Chinese text segmentation (jieba) at write time, so search and similarity work the same on
SQLite and PostgreSQL: a row keeps its segmented terms in a plain text column."""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

# Words too common in committee writing to tell two texts apart.
STOPWORDS = frozenset(
    [
        "关于",
        "建议",
        "加强",
        "进一步",
        "推进",
        "推动",
        "工作",
        "问题",
        "我们",
        "我市",
        "我县",
        "我省",
        "以及",
        "一些",
        "一个",
        "进行",
        "相关",
        "有关",
        "提高",
        "完善",
        "实施",
        "开展",
        "情况",
        "分析",
        "目前",
        "存在",
        "需要",
        "应当",
        "通过",
        "没有",
        "可以",
        "就是",
        "这个",
        "这些",
        "方面",
    ]
)
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,}")


@cache
def _jieba() -> Any:
    """jieba, imported and its dictionary loaded on first use: only writing a proposal needs it,
    and importing it cost seconds in every fresh process (search, workers, commands)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def terms(text: str) -> list[str]:
    """The meaningful words of `text` in order (two characters or more, no stopwords)."""
    jieba = _jieba()
    return [w for w in jieba.lcut_for_search(text or "") if _WORD.fullmatch(w) and w not in STOPWORDS]


def terms_text(*parts: str) -> str:
    """Segmented terms of several texts as one space-separated string for a `terms` column."""
    return " ".join(terms(" ".join(p for p in parts if p)))

"""Index tokens and the query language, the same on SQLite (FTS5) and PostgreSQL (tsquery).

Text becomes tokens at write time: every run of Chinese characters gives its overlapping
character bigrams (加装电梯 → 加装 装电 电梯; a lone character is kept as itself), every run of
letters and digits one lower-cased word. A query word of two or more Chinese characters is then
the phrase of its own bigrams, which a text contains exactly when it contains the word as a
substring, whatever a segmenter would have cut. Neither database's parser ever sees what the user
typed: the query is rebuilt from tokens that contain only letters, digits and Chinese characters.

Query language: several words mean AND, "quoted words" a phrase, -word excludes. Everything else
(`* : ( ) NEAR & | !` …) is ordinary text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY = 200
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_PART = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def _run_tokens(run: str) -> list[str]:
    if not ("0" <= run[0] <= "9" or "a" <= run[0] <= "z") and len(run) > 1:
        return [run[i : i + 2] for i in range(len(run) - 1)]
    return [run]


def tokens(text: str) -> list[str]:
    """The index tokens of `text`, in order."""
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        out.extend(_run_tokens(run))
    return out


def token_text(text: str) -> str:
    return " ".join(tokens(text))


@dataclass
class Term:
    """One query word or quoted phrase: its tokens (a phrase) and the text it stands for."""

    text: str
    tokens: list[str]

    @property
    def short(self) -> bool:
        """A single Chinese character: no bigram to look up, only a scan finds it."""
        return len(self.tokens) == 1 and len(self.text) == 1 and not self.text.isascii()


@dataclass
class Query:
    include: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)
    error: str = ""

    @property
    def indexed(self) -> list[Term]:
        return [t for t in self.include if not t.short]

    @property
    def short(self) -> list[Term]:
        return [t for t in self.include if t.short]

    @property
    def empty(self) -> bool:
        return not self.include

    def words(self) -> list[str]:
        """The texts to highlight."""
        return [t.text for t in self.include]


def _term(raw: str) -> Term | None:
    runs = _RUN.findall(raw.lower())
    if not runs:
        return None
    toks: list[str] = []
    for run in runs:
        toks.extend(_run_tokens(run))
    return Term(text="".join(runs), tokens=toks)


def parse(q: str) -> Query:
    q = (q or "").strip()
    if len(q) > MAX_QUERY:
        return Query(error=f"检索词不能超过{MAX_QUERY}个字，请缩短后再查。")
    query = Query()
    for m in _PART.finditer(q):
        minus, raw = (m.group(1), m.group(2)) if m.group(2) is not None else (m.group(3), m.group(4))
        if m.group(2) is not None:
            terms = [_term(raw)]
        else:
            # An unquoted word made of several runs (电梯、加装) is several words.
            terms = [_term(part) for part in re.split(rf"[^{_CJK}0-9A-Za-z]+", raw) if part]
        for term in terms:
            if term is None:
                continue
            (query.exclude if minus else query.include).append(term)
    if not query.include:
        query.error = (
            "请输入要查找的字词。" if not query.exclude else "请至少输入一个要查找的字词（减号表示排除）。"
        )
    return query


def fts5_match(terms: list[Term], exclude: list[Term]) -> str:
    """An FTS5 MATCH expression: every term a quoted phrase of its tokens."""
    expr = " AND ".join('"' + " ".join(t.tokens) + '"' for t in terms)
    for t in exclude:
        if not t.short:
            expr += ' NOT "' + " ".join(t.tokens) + '"'
    return expr


def tsquery(terms: list[Term], exclude: list[Term]) -> str:
    """The same as a tsquery literal (cast with ::tsquery, so no parser rewrites it)."""

    def phrase(t: Term) -> str:
        inner = " <-> ".join(f"'{tok}'" for tok in t.tokens)
        return f"({inner})"

    parts = [phrase(t) for t in terms] + [f"!{phrase(t)}" for t in exclude if not t.short]
    return " & ".join(parts)

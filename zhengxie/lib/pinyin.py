"""Pinyin initials of Chinese names, so that a picker finds 张三 when one types "zs".

Computed when a name is written and stored in an indexed column; never at search time.
"""

from __future__ import annotations

from pypinyin import Style, pinyin

# A surname may be read several ways (单 dān / shàn, 曾 céng / zēng); every reading of the first
# character is kept, the other characters take their usual reading, so the variants stay few.
MAX_VARIANTS = 4


def initials(name: str) -> str:
    """ "张三" → "zs"; "单志强" → "dzq czq szq"; letters and digits are kept, other signs dropped."""
    readings = pinyin(name.strip(), style=Style.FIRST_LETTER, heteronym=True, strict=False, errors=list)  # type: ignore[arg-type]
    letters = [[r.lower() for r in options if r.isalnum()] for options in readings]
    letters = [opts for opts in letters if opts]
    if not letters:
        return ""
    rest = "".join(opts[0] for opts in letters[1:])
    firsts = list(dict.fromkeys(opts for opts in letters[0]))[:MAX_VARIANTS]
    return " ".join(f"{first}{rest}" for first in firsts)[:100]

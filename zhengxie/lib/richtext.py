"""Rich text that staff write (lesson bodies) or that comes out of an uploaded Word file, made safe
to show on a page: an allow-list of plain formatting tags, links only to http(s) or the site
itself, every other tag dropped (its text kept, except inside script and style), every attribute
but a link's address dropped. The result is rebuilt from parsed tokens, never patched."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

ALLOWED = frozenset(
    {"p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote"}
    | {"table", "thead", "tbody", "tr", "th", "td", "a", "hr"}
)
VOID = frozenset({"br", "hr"})
DROP_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "svg", "math"})
MAX_LENGTH = 200_000


def _safe_href(value: str) -> str | None:
    value = value.strip()
    lowered = value.lower()
    if lowered.startswith(("http://", "https://")) or (value.startswith("/") and not value.startswith("//")):
        return value
    return None


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED:
            return
        if tag == "a":
            href = _safe_href(dict(attrs).get("href") or "")
            if href is None:
                self.out.append("<a>")
            else:
                self.out.append(f'<a href="{escape(href)}" rel="noopener noreferrer">')
        else:
            self.out.append(f"<{tag}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID and not self.dropping:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        self.out.extend(f"</{tag}>" for tag in reversed(self.open))
        return "".join(self.out)


def sanitise(html: str) -> str:
    """The allow-listed form of `html` (see the module's note)."""
    cleaner = _Cleaner()
    cleaner.feed((html or "")[:MAX_LENGTH])
    return cleaner.result()


def paragraphs(text: str) -> str:
    """Plain text typed into a box, as paragraphs (a blank line separates them)."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join("<p>" + escape(b).replace("\n", "<br>") + "</p>" for b in blocks if b)

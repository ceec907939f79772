"""The collection of plenary speeches (大会发言材料汇编) in Word, in the official layout
(lib.docx): oral speeches in their order, then written speeches, each with its speaker or unit."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument

from .models import Speech, SpeechCall

CHINESE_NUMBERS = "一二三四五六七八九十"


def _by_line(speech: Speech) -> str:
    if speech.on_behalf:
        return f"{speech.on_behalf}（执笔：{speech.author}）"
    return f"{speech.author}（{speech.author.sector.name}）"


def collection_document(call: SpeechCall, speeches: list[Speech], issuer: str) -> OfficialDocument:
    doc = OfficialDocument(
        masthead="大会发言材料", issue_line=call.activity.title, issuer=issuer, issued_on=timezone.localdate()
    )
    doc.title(f"{call.activity.title}大会发言汇编")
    oral = [s for s in speeches if s.state != Speech.State.WRITTEN]
    written = [s for s in speeches if s.state == Speech.State.WRITTEN]
    doc.heading("目录")
    doc.table(
        ["序号", "题目", "发言人或单位", "方式"],
        [[i, s.title, _by_line(s), "口头" if s in oral else "书面"] for i, s in enumerate(speeches, 1)],
        widths_mm=[16, 70, 50, 20],
    )
    for part, (label, rows) in enumerate((("大会口头发言", oral), ("书面发言", written))):
        if not rows:
            continue
        doc.page_break()
        doc.heading(f"{CHINESE_NUMBERS[part]}、{label}")
        for speech in rows:
            doc.title(speech.title)
            doc.paragraph(_by_line(speech))
            for text in speech.body.splitlines():
                if text.strip():
                    doc.paragraph(text.strip())
    return doc


def collection_response(call: SpeechCall, speeches: list[Speech], issuer: str) -> HttpResponse:
    doc = collection_document(call, speeches, issuer)
    return doc.response(f"{call.activity.title}大会发言汇编.docx")

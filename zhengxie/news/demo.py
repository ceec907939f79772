"""Demo 要闻动态 and 政协知识 for 青州市政协: recent news of the committee's work (one with a
cover picture, one with an attachment, one still a draft) and knowledge articles, one linking the
regulations library's rules. Runs through the services."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhengxie.org.models import Committee
from zhengxie.regulations.models import Regulation

from . import services
from .models import Article

CITY_CODE = "DEMO-01"
NEWS = (
    ("市政协召开十届二十次常委会议", "会议听取和审议了关于加强基层协商民主建设的调研报告。"),
    ("市政协开展“民营经济高质量发展”专题协商", "委员们围绕营商环境、融资难题等建言献策。"),
    ("市政协主席会议成员走访联系界别委员", "听取委员对今年履职工作的意见和建议。"),
    ("市政协召开提案办理协商会", "承办单位与提案者面对面协商重点提案办理方案。"),
)
KNOWLEDGE = (
    ("人民政协的性质和职能", "人民政协是中国共产党领导的多党合作和政治协商的重要机构。"),
    ("政协委员的权利和义务", "委员有在政协会议上发表意见、提出提案、参加视察调研等权利。"),
)


def _png(width: int = 64, height: int = 40) -> bytes:
    """A small solid-colour PNG (the demo's cover picture)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xb0\x1c\x1c" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _body(lead: str) -> str:
    return f"<p>{lead}</p><p>会议强调，要坚持团结和民主两大主题，把协商民主贯穿履职全过程。</p>"


def load() -> None:
    city = Committee.objects.get(code=CITY_CODE)
    staff = get_user_model().objects.get(username="demo_activity_staff")
    now = timezone.now()
    for i, (title, lead) in enumerate(NEWS):
        cover = SimpleUploadedFile("封面.png", _png(), content_type="image/png") if i == 0 else None
        article = services.article_create(
            committee_id=city.pk,
            by=staff,
            data=services.ArticleDraft(title=title, summary=lead, body=_body(lead)),
            cover=cover,
        )
        if i == 1:
            upload = SimpleUploadedFile("协商议题.png", _png(32, 32), content_type="image/png")
            services.attachment_add(article=article, by=staff, upload=upload)
        if i < len(NEWS) - 1:
            services.article_publish(article=article, by=staff)
            Article.objects.filter(pk=article.pk).update(
                published_at=now - timedelta(days=3 * (len(NEWS) - i))
            )
    rules = list(Regulation.objects.filter(committee=city, is_repealed=False).order_by("id")[:2])
    for i, (title, lead) in enumerate(KNOWLEDGE):
        article = services.article_create(
            committee_id=city.pk,
            by=staff,
            data=services.ArticleDraft(
                title=title,
                section=Article.Section.KNOWLEDGE,
                summary=lead,
                body=f"<p>{lead}</p>",
                regulations=rules if i == 0 else [],
            ),
        )
        services.article_publish(article=article, by=staff)

"""The learning library: staff write courses and lessons, publish (now or at a set time), retire
and share them with the committees below. Uploaded files are checked by content and size
(lib.uploads); a Word lesson is read on the page as sanitised HTML converted from its text."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.lib.richtext import sanitise
from zhengxie.lib.uploads import MAX_ATTACHMENT_BYTES, MAX_MEDIA_BYTES, check_attachment
from zhengxie.search.index import reindex

from ..models import Course, Lesson

K = Lesson.Kind
# What each lesson form accepts, and its size limit.
UPLOADS: dict[str, tuple[set[str], int, str]] = {
    K.PDF: ({".pdf"}, MAX_ATTACHMENT_BYTES, "application/pdf"),
    K.WORD: ({".docx"}, MAX_ATTACHMENT_BYTES, ""),
    K.AUDIO: ({".mp3", ".m4a"}, MAX_MEDIA_BYTES, ""),
    K.VIDEO: ({".mp4"}, MAX_MEDIA_BYTES, "video/mp4"),
}
MEDIA_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".mp4": "video/mp4", ".pdf": "application/pdf"}
MAX_QUESTIONS = 20
COURSE_FIELDS = ("kind", "title", "summary", "topic", "credit_hours")


def _editable(course: Course) -> None:
    if course.state == Course.State.RETIRED:
        raise DomainError("课程已下架，不能修改")


def course_create(*, committee_id: int, by: Any, data: dict[str, Any]) -> Course:
    title = str(data.get("title", "")).strip()
    if not title:
        raise DomainError("请填写课程名称")
    with transaction.atomic():
        course = Course.objects.create(
            committee_id=committee_id,
            created_by=by,
            **{f: data[f] for f in COURSE_FIELDS if f in data},
        )
        course.sectors.set(data.get("sectors", []))
        course.special_committees.set(data.get("special_committees", []))
        record(action="learning.course.created", obj=course, by=by, data={"title": course.title})
        reindex("course", course.pk)
    return course


def course_update(*, course: Course, by: Any, data: dict[str, Any]) -> Course:
    _editable(course)
    with transaction.atomic():
        for f in COURSE_FIELDS:
            if f in data:
                setattr(course, f, data[f])
        course.save(update_fields=[f for f in COURSE_FIELDS if f in data])
        if "sectors" in data:
            course.sectors.set(data["sectors"])
        if "special_committees" in data:
            course.special_committees.set(data["special_committees"])
        record(action="learning.course.edited", obj=course, by=by, data={"title": course.title})
        reindex("course", course.pk)
    return course


def _set_state(course: Course, *, to: str, by: Any, action: str, **fields: Any) -> Course:
    """Compare-and-set on the course's version, audited in the same transaction."""
    with transaction.atomic():
        updated = Course.objects.filter(pk=course.pk, version=course.version).update(
            state=to, version=course.version + 1, **fields
        )
        if updated != 1:
            raise DomainError("此课程已被他人修改，请刷新")
        course.state, course.version = to, course.version + 1
        for name, value in fields.items():
            setattr(course, name, value)
        record(action=action, obj=course, by=by, data={"state": to, **{k: str(v) for k, v in fields.items()}})
        reindex("course", course.pk)
    return course


def course_publish(*, course: Course, by: Any, at: datetime | None = None) -> Course:
    """Open the course to members now, or from `at` (scheduled)."""
    if course.state != Course.State.DRAFT:
        raise DomainError("只有草稿状态的课程可以发布")
    if course.kind == Course.Kind.COURSE and not course.lessons.exists():
        raise DomainError("课程还没有课时，不能发布")
    now = timezone.now()
    if at is not None and at < now:
        raise DomainError("定时发布的时间不能早于现在")
    return _set_state(
        course, to=Course.State.PUBLISHED, by=by, action="learning.course.published", publish_at=at or now
    )


def course_retire(*, course: Course, by: Any) -> Course:
    """Take the course off the library; members' progress and completions stay."""
    if course.state != Course.State.PUBLISHED:
        raise DomainError("只有已发布的课程可以下架")
    return _set_state(course, to=Course.State.RETIRED, by=by, action="learning.course.retired")


def course_share(*, course: Course, by: Any, shared: bool) -> Course:
    """Share the course with the committees below (or stop sharing)."""
    if shared and not course.committee.children.exists():
        raise DomainError("本级政协没有下级政协，无需共享")
    with transaction.atomic():
        Course.objects.filter(pk=course.pk).update(shared_down=shared)
        course.shared_down = shared
        record(
            action="learning.course.shared" if shared else "learning.course.unshared",
            obj=course,
            by=by,
            data={"shared": shared},
        )
    return course


def clean_quiz(raw: Any) -> list[dict[str, Any]]:
    """Questions as data: a list of {"q", "options", "answer"} with the answer an option's index.
    Accepts the JSON text typed on the lesson form."""
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return []
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise DomainError("测验题格式不正确，请按示例填写") from exc
    if not isinstance(raw, list) or len(raw) > MAX_QUESTIONS:
        raise DomainError(f"测验题须为列表，且不超过{MAX_QUESTIONS}题")
    clean = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise DomainError(f"第{n}题格式不正确")
        question = str(item.get("q", "")).strip()
        options = item.get("options")
        answer = item.get("answer")
        if not question or not isinstance(options, list) or not 2 <= len(options) <= 6:
            raise DomainError(f"第{n}题须有题目和2至6个选项")
        options = [str(o).strip()[:200] for o in options]
        if not all(options):
            raise DomainError(f"第{n}题有空白选项")
        if not isinstance(answer, int) or isinstance(answer, bool) or not 0 <= answer < len(options):
            raise DomainError(f"第{n}题的正确答案须为选项的序号（从0开始）")
        clean.append({"q": question[:300], "options": options, "answer": answer})
    return clean


def word_to_html(upload: UploadedFile) -> str:
    """The text of a .docx as sanitised HTML: headings, paragraphs and tables, no styling."""
    from docx import Document

    try:
        document = Document(upload)
    except Exception as exc:  # python-docx raises several kinds for a damaged file
        raise DomainError("Word文件无法读取，请另存为 .docx 后重新上传") from exc
    parts: list[str] = []
    from html import escape

    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        tag = "h3" if style.lower().startswith(("heading", "title")) or style.startswith("标题") else "p"
        parts.append(f"<{tag}>{escape(text)}</{tag}>")
    for table in document.tables:
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(cell.text.strip())}</td>" for cell in row.cells) + "</tr>"
            for row in table.rows
        )
        parts.append(f"<table>{rows}</table>")
    upload.seek(0)
    return sanitise("".join(parts))


def _lesson_values(committee_id: int, data: dict[str, Any], upload: UploadedFile | None) -> dict[str, Any]:
    kind = data.get("kind", K.TEXT)
    if kind not in K.values:
        raise DomainError("课时形式不正确")
    title = str(data.get("title", "")).strip()
    if not title:
        raise DomainError("请填写课时标题")
    values: dict[str, Any] = {
        "title": title[:200],
        "kind": kind,
        "order": int(data.get("order") or 0),
        "rule": data.get("rule", Lesson.Rule.END),
        "min_minutes": int(data.get("min_minutes") or 0),
        "quiz": clean_quiz(data.get("quiz", [])),
        "pass_percent": int(data.get("pass_percent") or 60),
        "link_url": "",
    }
    if values["rule"] not in Lesson.Rule.values:
        raise DomainError("完成条件不正确")
    if values["rule"] == Lesson.Rule.QUIZ and not values["quiz"]:
        raise DomainError("完成条件为通过测验时，须填写测验题")
    if values["rule"] == Lesson.Rule.TIME and values["min_minutes"] < 1:
        raise DomainError("完成条件为学习时长时，须填写最少学习时长")
    if not 1 <= values["pass_percent"] <= 100:
        raise DomainError("及格线须在1至100之间")
    if kind == K.TEXT:
        body = sanitise(str(data.get("body", "")))
        if not body.strip():
            raise DomainError("请填写课时正文")
        values["body"] = body
    elif kind == K.LINK:
        url = str(data.get("link_url", "")).strip()
        if not url.lower().startswith(("http://", "https://")):
            raise DomainError("请填写以 http:// 或 https:// 开头的视频链接")
        values["link_url"] = url
        values["body"] = sanitise(str(data.get("body", "")))
    if upload is not None:
        allowed, max_bytes, _ = UPLOADS.get(kind, (set(), 0, ""))
        if not allowed:
            raise DomainError("此形式的课时不需要上传文件")
        name = check_attachment(upload, max_bytes=max_bytes, allowed=allowed)
        values["file_name"] = name
        suffix = name[name.rfind(".") :].lower()
        values["file_type"] = MEDIA_TYPES.get(suffix, "application/octet-stream")
        if kind == K.WORD:
            values["body"] = word_to_html(upload)
            if not values["body"]:
                raise DomainError("Word文件中没有正文")
    if kind in (K.PDF, K.LINK) and values["rule"] == Lesson.Rule.END:
        # The page cannot tell how far a PDF or an intranet video was read: time on screen or a quiz.
        raise DomainError("PDF文档和内网视频课时的完成条件须为学习时长或随堂测验")
    return values


def lesson_create(
    *, course: Course, by: Any, data: dict[str, Any], upload: UploadedFile | None = None
) -> Lesson:
    _editable(course)
    values = _lesson_values(course.committee_id, data, upload)
    if values["kind"] in UPLOADS and upload is None:
        raise DomainError("请上传课时文件")
    with transaction.atomic():
        lesson = Lesson(committee_id=course.committee_id, course=course, **values)
        if upload is not None:
            lesson.file.save(values["file_name"], upload, save=False)
        lesson.save()
        record(
            action="learning.lesson.created",
            obj=lesson,
            by=by,
            data={"course": course.pk, "kind": lesson.kind},
        )
        reindex("course", course.pk)
    return lesson


def lesson_update(
    *, lesson: Lesson, by: Any, data: dict[str, Any], upload: UploadedFile | None = None
) -> Lesson:
    _editable(lesson.course)
    data = {**data, "kind": lesson.kind}  # the form of a lesson stays what it was created as
    values = _lesson_values(lesson.committee_id, data, upload)
    with transaction.atomic():
        for name, value in values.items():
            setattr(lesson, name, value)
        if upload is not None:
            lesson.file.save(values["file_name"], upload, save=False)
        lesson.save()
        record(action="learning.lesson.edited", obj=lesson, by=by, data={"course": lesson.course_id})
        reindex("course", lesson.course_id)
    return lesson

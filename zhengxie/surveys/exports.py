"""A survey's results as Excel, built as a long task (30 000 answers at province size): a summary
sheet (every choice's count and share, scale averages) and one row per response — with the
respondent's name only for a named survey."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from zhengxie.lib.longwork import Outcome, Progress
from zhengxie.lib.models import LongTask
from zhengxie.lib.xlsx import Percent, workbook_bytes

from . import selectors
from .models import Answer, Question, Survey

LABEL = "导出问卷结果"


def label_of(survey: Survey) -> str:
    """One label per survey, so a results page shows its own export."""
    return f"{LABEL}（第{survey.pk}号问卷）"


STEP = 1000


def results_workbook_job(long_task: LongTask, progress: Progress) -> Outcome:
    survey = Survey.objects.get(pk=long_task.params["survey"])
    questions = list(Question.objects.filter(survey=survey).order_by("number"))
    progress.set_total(survey.response_count)
    summary: list[tuple[Any, ...]] = []
    for r in selectors.results(survey):
        q = r.question
        if r.rows:
            for label, count, percent in r.rows:
                summary.append((q.number, q.text, q.get_kind_display(), label, count, Percent(percent / 100)))
            if r.average is not None:
                summary.append((q.number, q.text, q.get_kind_display(), "平均分", r.average, ""))
        else:
            summary.append((q.number, q.text, q.get_kind_display(), "作答人数", r.answered, ""))
    position = {q.pk: i for i, q in enumerate(questions)}

    def rows() -> Iterator[list[Any]]:
        current: Any = None
        row: list[Any] = []
        # One pass over the answers in chunks, each with its response's date and respondent:
        # nothing is held per response but the row being built.
        answers = (
            Answer.objects.filter(response__survey=survey)
            .order_by("response_id")
            .values_list(
                "response_id",
                "response__submitted_on",
                "response__respondent__display_name",
                "question_id",
                "value",
                "text",
            )
        )
        for response_id, day, name, qid, value, text in answers.iterator(chunk_size=STEP):
            if response_id != current:
                if current is not None:
                    yield row
                    progress.advance()
                current = response_id
                row = [day] + ([name or ""] if not survey.anonymous else [])
                row += [""] * len(questions)
            q = questions[position[qid]]
            offset = 1 if survey.anonymous else 2
            cell = text if q.kind == Question.Kind.TEXT else _label(q, value)
            previous = row[offset + position[qid]]
            row[offset + position[qid]] = f"{previous}；{cell}" if previous else cell
        if current is not None:
            yield row
            progress.advance()

    header = (
        ["填写日期"] + ([] if survey.anonymous else ["填写人"]) + [f"{q.number}. {q.text}" for q in questions]
    )
    content = workbook_bytes(
        [
            ("汇总", ["题号", "题目", "题型", "选项", "人数", "比例"], summary),
            ("答卷", header, rows()),
        ]
    )
    return Outcome(
        message=f"已导出{survey.response_count}份答卷", file=(f"{survey.title[:40]}-问卷结果.xlsx", content)
    )


def _label(q: Question, value: int | None) -> Any:
    if value is None:
        return ""
    if q.kind == Question.Kind.SCALE:
        return value
    return q.choices[value - 1] if 0 < value <= len(q.choices) else value

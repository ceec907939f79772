"""Excel in and out: safe reading of uploaded .xlsx files and workbook responses."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .controlchars import strip_control
from .errors import DomainError
from .uploads import check_zip_container


@dataclass
class RowProblem:
    """One problem of an imported row; imports validate every row before writing any."""

    row: int  # the Excel row number (the header is row 1)
    column: str
    message: str


@dataclass
class ImportResult:
    problems: list[RowProblem] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def run_import(
    request: HttpRequest,
    form: Any,
    *,
    columns: Sequence[str],
    importer: Callable[[list[dict[str, str]]], ImportResult],
    session_key: str,
) -> tuple[ImportResult | None, list[RowProblem]]:
    """The page side of every Excel import, given a bound upload form with a `file` field.

    A problem of the file itself (not .xlsx, wrong columns, no rows) goes onto the form; the rows
    go to `importer`, which validates all of them and writes all or none. Row problems are kept
    in the session under `session_key` for the downloadable report (`problems_response`).
    Returns (the result when the rows were written, else None; the row problems)."""
    if request.method != "POST" or not form.is_valid():
        return None, []
    try:
        rows = read_rows(form.cleaned_data["file"], expected_headers=columns)
        if not rows:
            raise DomainError("文件中没有数据行")
        result = importer(rows)
    except DomainError as exc:
        form.add_error("file", exc.message)
        return None, []
    if result.ok:
        request.session.pop(session_key, None)
        return result, []
    request.session[session_key] = [asdict(p) for p in result.problems]
    return None, result.problems


def problems_response(problems: Iterable[dict[str, Any]]) -> HttpResponse:
    """A failed import's problems (as stored in the session) as a workbook for the user."""
    rows = [(p["row"], p["column"], p["message"]) for p in problems]
    return workbook_response("导入错误报告.xlsx", [("错误报告", ("行号", "列", "问题"), rows)])


MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_rows(upload: UploadedFile, *, expected_headers: Sequence[str]) -> list[dict[str, str]]:
    """The data rows of the first sheet as dicts keyed by header, all values as stripped text.

    Checks name, size and content (a real zip with a workbook inside), and that the header row has
    the expected columns; raises DomainError with a message the uploader can act on.
    """
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise DomainError("请上传 .xlsx 格式的 Excel 文件")
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise DomainError("文件不能超过5MB")
    data = upload.read()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DomainError("文件内容不是有效的 Excel（.xlsx）文件")
    check_zip_container(io.BytesIO(data), label="Excel", parts=("xl/workbook.xml",))  # bombs, macros
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise DomainError("无法读取该 Excel 文件，请使用下载的模板填写") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [strip_control(str(v)).strip() if v is not None else "" for v in next(rows, ())]
    missing = [h for h in expected_headers if h not in header]
    if missing:
        raise DomainError("缺少列：" + "、".join(missing) + "。请使用下载的模板")
    result = []
    for values in rows:
        cells = ["" if v is None else strip_control(str(v)).strip() for v in values]
        if not any(cells):
            continue
        result.append({h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h})
        if len(result) > MAX_ROWS:
            raise DomainError(f"一次最多导入{MAX_ROWS}行")
    workbook.close()
    return result


def safe_cell(value: Any) -> Any:
    """A value safe to write: text from users must not become a live formula (a leading = + - @
    is quoted) and must not carry control characters, which openpyxl refuses."""
    if not isinstance(value, str):
        return value
    value = strip_control(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


class Percent(float):
    """A rate as a fraction (0.25): written as the number 0.25 shown as 25.0 %, so that Excel
    can sort, filter and sum it. Pass "—" instead when there is nothing to divide by."""


PERCENT_FORMAT = "0.0%"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


def _typed_cell(value: Any) -> tuple[Any, str | None]:
    """The value to store and its number format: rates as percentages, times as Excel dates
    (local time; Excel has no time zones), everything else as it is (made safe)."""
    if isinstance(value, Percent):
        return float(value), PERCENT_FORMAT
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        return value, DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    return safe_cell(value), None


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return 18
    if isinstance(value, (date, Percent)):
        return 12
    return len(str(value)) * 2 + 2


def workbook_bytes(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    *,
    choices: Sequence[tuple[str, Sequence[str]]] = (),
    on_sheet: Callable[[], None] | None = None,
) -> bytes:
    """An .xlsx file: each sheet is (title, header, rows); headers bold, columns sized, an
    autofilter on the header row; rates (`Percent`) and times typed as numbers and dates.
    `choices` adds an import template's drop-downs; `on_sheet` is called after each sheet (a long
    export reports its progress with it)."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(strip_control(title))
        sheet.append([safe_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) * 2 + 2 for h in header]
        # The row just appended is counted here: openpyxl's max_row scans every cell, which made
        # a sheet of tens of thousands of rows quadratic.
        row_number = 1
        for row in rows:
            typed = [_typed_cell(v) for v in row]
            sheet.append([v for v, _ in typed])
            row_number += 1
            for cell, (_, number_format) in zip(sheet[row_number], typed, strict=False):
                if number_format:
                    cell.number_format = number_format
            for i, value in enumerate(row[: len(widths)]):
                widths[i] = min(max(widths[i], _width(value)), 60)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        if header:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 2)}"
        if on_sheet is not None:
            on_sheet()
    if choices:
        _add_choices(workbook, choices)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_response(
    filename: str,
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    *,
    choices: Sequence[tuple[str, Sequence[str]]] = (),
) -> HttpResponse:
    """An .xlsx download of `workbook_bytes`."""
    response = HttpResponse(workbook_bytes(sheets, choices=choices), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


CHOICES_SHEET = "可选值"
TEMPLATE_ROWS = 5000  # how far down an import template's drop-downs reach


def _add_choices(workbook: Workbook, choices: Sequence[tuple[str, Sequence[str]]]) -> None:
    """An import template's coded columns: the allowed values on a 可选值 sheet, one column per
    coded column, and a drop-down (data validation) on the first sheet's column of that name that
    refuses anything else."""
    sheet = workbook.worksheets[0]
    values = workbook.create_sheet(CHOICES_SHEET)
    header = [str(c.value) for c in sheet[1]]
    for index, (name, allowed) in enumerate(choices, start=1):
        letter = get_column_letter(index)
        values.cell(row=1, column=index, value=name).font = Font(bold=True)
        for row, value in enumerate(allowed, start=2):
            values.cell(row=row, column=index, value=safe_cell(value))
        values.column_dimensions[letter].width = max(
            [len(name) * 2 + 2, *(len(str(v)) * 2 + 2 for v in allowed)]
        )
        if name not in header or not allowed:
            continue
        target = get_column_letter(header.index(name) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(allowed) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请从下拉列表中选择",
            error=f"{name}只能填写“{CHOICES_SHEET}”页列出的值",
        )
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)
    values.freeze_panes = "A2"


def problems_bytes(problems: Iterable[RowProblem]) -> bytes:
    """An import's row problems as a workbook (the report offered beside the problem list)."""
    rows = [(p.row, p.column, p.message) for p in problems]
    return workbook_bytes([("错误报告", ("行号", "列", "问题"), rows)])

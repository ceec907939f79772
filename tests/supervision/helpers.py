"""Building supervision items for the tests: a registered draft, then each workflow step, with the
personas of tests/personas.py acting in their roles."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests.personas import Personas
from zhengxie.supervision import config
from zhengxie.supervision.models import Item
from zhengxie.supervision.services import items as item_services
from zhengxie.supervision.services.items import ItemData

# The smallest file check_attachment accepts as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today() -> date:
    return timezone.localdate()


def in_days(n: int) -> date:
    return today() + timedelta(days=n)


def aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def item_data(p: Personas, **overrides: Any) -> ItemData:
    fields: dict[str, Any] = {
        "title": "推进老旧小区改造",
        "source": config.sources_for(p.city.pk)[0],
        "due_on": in_days(60),
        "lead_unit": p.unit,
        "content": "完成城区老旧小区改造任务，按月报送进展。",
    }
    fields.update(overrides)
    return ItemData(**fields)


def register(p: Personas, **overrides: Any) -> Item:
    """A draft (待审核) registered by the supervision office."""
    return item_services.item_register(
        committee_id=p.city.pk, by=p.supervision_staff, data=item_data(p, **overrides)
    )


def approved(p: Personas, **overrides: Any) -> Item:
    return item_services.item_approve(item=register(p, **overrides), by=p.leader)


def issued(p: Personas, **overrides: Any) -> Item:
    """Approved by the leader and issued to the lead unit (待签收)."""
    return item_services.item_issue(item=approved(p, **overrides), by=p.supervision_staff)


def signed(p: Personas, clerk: Any = None, **overrides: Any) -> Item:
    """Signed for by the lead unit's clerk (办理中)."""
    return item_services.item_sign(item=issued(p, **overrides), by=clerk or p.unit_clerk)


def fresh(item: Item) -> Item:
    return Item.objects.get(pk=item.pk)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def xlsx(header: tuple[str, ...] | list[str], rows: list[list[Any]], name: str = "upload.xlsx") -> Any:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def sheet_rows(content: bytes, sheet: int = 0) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content))
    return list(workbook.worksheets[sheet].iter_rows(values_only=True))


def upload_job(client: Any, run_jobs: Any, url: str, upload: Any, *, extra: Any = None) -> Any:
    """Upload a file whose rows all pass the page's check, let the worker write them, and return
    the upload page afterwards (its `long_task` shows the outcome). `extra`, if given, runs after
    the check and before the worker (the data changing in between)."""
    with run_jobs():
        started = client.post(url, {"file": upload})
        assert started.status_code == 302 and started["Location"] == url
        if extra is not None:
            extra()
    return client.get(url)


def board_export(client: Any, run_jobs: Any, **filters: Any) -> tuple[Any, bytes]:
    """Start the board's Excel export for these filters, let the worker build it, and return the
    finished task and the downloaded file."""
    from django.urls import reverse

    with run_jobs():
        started = client.post(reverse("supervision:board_export"), filters)
    assert started.status_code == 302
    page = client.get(started["Location"])
    long_task = page.context["long_task"]
    download = reverse("lib:longwork_download", args=[long_task.pk])
    assert long_task.state == "done" and download in page.content.decode()
    return long_task, bytes(client.get(download).getvalue())

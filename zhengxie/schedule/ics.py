"""A person's schedule as an iCalendar (RFC 5545) feed, written by hand: a handful of properties,
escaped and folded as the standard asks."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

from .selectors import Row


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > 75:
            out.append(current.decode())
            current = b" "
        current += b
    out.append(current.decode())
    return "\r\n".join(out)


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def feed(rows: list[Row], *, name: str, host: str) -> str:
    stamp = _when(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//zhengxie//schedule//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for row in rows:
        uid = f"activity-{row.activity_id}" if row.activity_id else f"entry-{row.entry_id}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_when(row.starts_at)}",
            f"DTEND:{_when(row.ends_at)}",
            f"SUMMARY:{_escape(f'{row.kind}：{row.title}')}",
        ]
        if row.place:
            lines.append(f"LOCATION:{_escape(row.place)}")
        if row.organiser:
            lines.append(f"DESCRIPTION:{_escape(row.organiser)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

"""Serving a stored file with HTTP range requests (RFC 9110 §14), so a phone's audio or video
player can seek without downloading the whole recording. One range per request (what players
ask for); several ranges, or none that fits, answer 416 with the file's size."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO
from urllib.parse import quote

from django.core.files.storage import Storage
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

CHUNK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(first, last) byte of a satisfiable single range; None without a usable Range header;
    False when the range cannot be satisfied."""
    match = _RANGE.match(header.strip())
    if not match:
        return None  # absent or a form we do not serve (several ranges): the whole file
    start_raw, end_raw = match.groups()
    if not start_raw and not end_raw:
        return None
    if not start_raw:  # the last N bytes
        length = int(end_raw)
        if length == 0:
            return False
        return max(0, size - length), size - 1
    start = int(start_raw)
    end = int(end_raw) if end_raw else size - 1
    if start >= size or end < start:
        return False
    return start, min(end, size - 1)


def _stream(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_file_response(
    request: HttpRequest,
    storage: Storage,
    name: str,
    *,
    content_type: str,
    filename: str,
    inline: bool = True,
) -> HttpResponse | StreamingHttpResponse:
    """The stored file `name`, whole (200) or the requested range (206 with Content-Range)."""
    size = storage.size(name)
    wanted = parse_range(request.headers.get("Range", ""), size)
    disposition = f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    start, end = wanted if isinstance(wanted, tuple) else (0, size - 1)
    length = end - start + 1 if size else 0
    streamed = StreamingHttpResponse(
        _stream(storage.open(name, "rb"), start, length),
        status=206 if isinstance(wanted, tuple) else 200,
        content_type=content_type,
    )
    streamed["Content-Length"] = str(length)
    streamed["Accept-Ranges"] = "bytes"
    streamed["Content-Disposition"] = disposition
    streamed["X-Content-Type-Options"] = "nosniff"
    streamed["Cache-Control"] = "private, max-age=3600"
    if isinstance(wanted, tuple):
        streamed["Content-Range"] = f"bytes {start}-{end}/{size}"
    return streamed

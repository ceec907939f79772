"""The API's request parser: django-ninja's, with control characters removed from every string
(lib/controlchars.py) before the schemas see it, for JSON bodies, query and form parameters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from zhengxie.lib.controlchars import clean_data


class CleanParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return clean_data(super().parse_body(request))

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        return clean_data(super().parse_querydict(data, list_fields, request))

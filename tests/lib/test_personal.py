"""Validation and masking of ID numbers and phone numbers (lib/personal.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zhengxie.lib.personal import mask_id_number, mask_phone, normalize_id_number, normalize_phone


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014", "11010519491231002x"])
def test_valid_id_numbers(number):
    assert normalize_id_number(number) == number.upper()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "校验位不正确"),
        ("110105194913310028", "出生日期无效"),
        ("11010519491231002", "应为18位"),
        ("", "应为18位"),
    ],
)
def test_invalid_id_numbers_say_what_is_wrong(number, message):
    with pytest.raises(ValidationError, match=message):
        normalize_id_number(number)


def test_phone_validation_and_masking():
    assert normalize_phone("+86 138-0013-8000") == "13800138000"
    with pytest.raises(ValidationError, match="手机号码格式不正确"):
        normalize_phone("12800138000")
    assert mask_phone("13800138000") == "138****8000"
    assert mask_id_number("11010519491231002X") == "110***********002X"

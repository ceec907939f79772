from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from zhengxie.lib.crypto import decrypt, encrypt, search_hash
from zhengxie.lib.personal import mask_id_number, mask_phone, normalize_id_number, normalize_phone


def test_sm4_round_trip_with_a_fresh_nonce_each_time():
    a, b = encrypt("13800138000"), encrypt("13800138000")
    assert a != b and a.startswith("sm4gcm1:")
    assert decrypt(a) == decrypt(b) == "13800138000"


def test_tampered_ciphertext_is_refused():
    token = encrypt("11010519491231002X")
    body = token[len("sm4gcm1:") :]
    flipped = "sm4gcm1:" + ("A" if body[5] != "A" else "B").join([body[:5], body[6:]])
    with pytest.raises(ValueError):
        decrypt(flipped)


def test_personal_data_is_ciphertext_in_the_database(p):
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM org_person WHERE id = %s", [p.member_wang.person.pk])
        phone, id_number = cursor.fetchone()
    assert phone.startswith("sm4gcm1:") and "13800138000" not in phone
    assert id_number.startswith("sm4gcm1:")
    assert p.member_wang.person.phone == "13800138000"


def test_search_hash_is_stable_normalised_and_keyed(settings):
    assert search_hash("11010519491231002x") == search_hash(" 11010519491231002X ")
    before = search_hash("13800138000")
    settings.DATA_KEY = "ffeeddccbbaa99887766554433221100"
    assert search_hash("13800138000") != before


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

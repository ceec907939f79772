"""Rotating the personal-data key while the platform runs: versioned ciphertexts, lookups under
old and new keys meanwhile, `manage.py rotate_data_key` in batches, resumable and audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from tests.personas import ID_WANG, Personas
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib import keyrotation
from zhengxie.lib.crypto import decrypt, encrypt, key_version_of, search_hash, search_hashes
from zhengxie.org import services
from zhengxie.org.models import Person

OLD_KEY = "00112233445566778899aabbccddeeff"  # the tests' key (settings)
NEW_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> '' ORDER BY id")
        return [r[0] for r in cursor.fetchall()]


def _all_ciphertexts() -> list[str]:
    return [
        *_raw("org_person", "phone"),
        *_raw("org_person", "id_number"),
        *_raw("accounts_user", "phone"),
    ]


@pytest.fixture
def data(p: Personas) -> Personas:
    services.account_create(
        username="zhou", display_name="周", password="Zx!2026-rotate", by=None, phone="13700137000"
    )
    # A phone written before ciphertexts carried a key version must still read as version 1.
    legacy = encrypt("13900139000").replace("sm4gcm1:k1:", "sm4gcm1:")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE org_person SET phone = %s WHERE name = %s", [legacy, "李淑芬"])
    return p


def _rotate_to_new_key(settings: Any) -> None:
    settings.DATA_KEY = NEW_KEY
    settings.DATA_KEY_VERSION = 2
    settings.DATA_KEYS_OLD = f"1:{OLD_KEY}"


def _login(phone: str) -> Any:
    return authenticate(RequestFactory().post("/"), username=phone, password="Zx!2026-rotate")


def test_ciphertexts_name_their_key_version_and_old_ones_read_as_version_one(settings) -> None:
    token = encrypt("13800138000")
    assert token.startswith("sm4gcm1:k1:") and key_version_of(token) == 1
    legacy = token.replace("sm4gcm1:k1:", "sm4gcm1:")
    assert key_version_of(legacy) == 1 and decrypt(legacy) == "13800138000"
    _rotate_to_new_key(settings)
    assert encrypt("x").startswith("sm4gcm1:k2:") and decrypt(legacy) == "13800138000"
    settings.DATA_KEYS_OLD = ""
    with pytest.raises(ValueError, match="key version 1"):
        decrypt(token)


def test_rotation_rewrites_everything_and_lookups_work_throughout(data: Personas, settings) -> None:
    _rotate_to_new_key(settings)
    # Before the command: old rows read, and lookups find them under the old key's hash.
    assert Person.objects.get(name="李淑芬").phone == "13900139000"
    assert _login("13700137000") is not None
    assert (
        services.person_find_or_create(
            name="王建国", gender="M", affiliation="民建会员", id_number=ID_WANG, by=None
        ).pk
        == data.member_wang.person.pk
    )
    assert len(search_hashes("13700137000")) == 2

    out = io.StringIO()
    call_command("rotate_data_key", batch_size=1, stdout=out)
    assert "已重新加密" in out.getvalue() and "完成" in out.getvalue()
    assert all(key_version_of(t) == 2 for t in _all_ciphertexts())

    # The old key can go now: every value reads and every hash is the new key's.
    settings.DATA_KEYS_OLD = ""
    wang = Person.objects.get(pk=data.member_wang.person.pk)
    assert (wang.phone, wang.id_number) == ("13800138000", ID_WANG)
    assert wang.phone_hash == search_hash("13800138000") and wang.id_number_hash == search_hash(ID_WANG)
    assert Person.objects.get(name="李淑芬").phone == "13900139000"
    assert User.objects.get(username="zhou").phone_hash == search_hash("13700137000")
    assert _login("13700137000") is not None
    assert (
        services.person_find_or_create(
            name="王建国", gender="M", affiliation="民建会员", id_number=ID_WANG, by=None
        ).pk
        == wang.pk
    )

    started, finished = AuditEvent.objects.filter(action__startswith="crypto.key_rotation").order_by("id")
    assert started.action == "crypto.key_rotation.started" and started.data["version"] == 2
    assert finished.action == "crypto.key_rotation.finished"
    assert finished.data["rewritten"] == 3  # two people, one account
    assert finished.data["scanned"] >= finished.data["rewritten"]

    # A second run finds nothing to do.
    call_command("rotate_data_key", stdout=io.StringIO())
    assert (
        AuditEvent.objects.filter(action="crypto.key_rotation.finished").latest("id").data["rewritten"] == 0
    )


def test_a_row_saved_under_the_new_key_with_a_stale_hash_is_still_rewritten(data: Personas, settings) -> None:
    _rotate_to_new_key(settings)
    wang = Person.objects.get(pk=data.member_wang.person.pk)
    wang.save()  # re-encrypts under version 2 but keeps the old key's hashes
    assert key_version_of(_raw("org_person", "phone")[0]) == 2
    call_command("rotate_data_key", stdout=io.StringIO())
    settings.DATA_KEYS_OLD = ""
    assert Person.objects.get(pk=wang.pk).id_number_hash == search_hash(ID_WANG)


def test_an_interrupted_run_resumes_where_it_stopped(data: Personas, settings) -> None:
    _rotate_to_new_key(settings)
    person = next(t for t in keyrotation.targets() if t.model is Person)

    def crash(progress: keyrotation.Progress) -> None:
        if progress.scanned == 2:
            raise KeyboardInterrupt  # the process dies in the second batch

    with pytest.raises(KeyboardInterrupt):
        keyrotation.rotate_model(person, batch_size=1, on_batch=crash)
    versions = [key_version_of(t) for t in _raw("org_person", "phone")]
    assert versions == [2, 1]  # the first batch was committed, the second rolled back

    call_command("rotate_data_key", batch_size=1, stdout=io.StringIO())
    assert all(key_version_of(t) == 2 for t in _all_ciphertexts())
    finished = AuditEvent.objects.get(action="crypto.key_rotation.finished")
    assert finished.data["rewritten"] == 2  # the second person and the account; the first was done


def test_every_encrypted_column_is_found_by_type_with_its_hash() -> None:
    found = {t.label: dict(t.columns) for t in keyrotation.targets()}
    assert found["org.Person"] == {"phone": "phone_hash", "id_number": "id_number_hash"}
    assert found["accounts.User"] == {"phone": "phone_hash"}
    assert found["org.UnitContact"] == {"phone": ""}
    assert "proposals.Reply" in found


def test_a_missing_old_key_stops_the_run_with_a_clear_message_and_an_audit_event(
    data: Personas, settings
) -> None:
    settings.DATA_KEY = NEW_KEY
    settings.DATA_KEY_VERSION = 2
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ZHENGXIE_DATA_KEYS_OLD"):
        call_command("rotate_data_key", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="crypto.key_rotation.failed", success=False).exists()

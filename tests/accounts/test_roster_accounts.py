"""Accounts for the people on the roster and the units' contact lists: opened by the system
administrator, linked to the record, role by the list's rule, first credential by letter or SMS,
activation by code, and the administrator's password reset."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tests.querycount import same_for_few_and_many
from zhengxie.accounts import activation
from zhengxie.accounts.models import ActivationCode, User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.org import services
from zhengxie.org.models import Member, Person, RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.org.selectors import member_ids_with_login

MEMBERS = reverse("org:member_list")
OPEN = reverse("org:roster_accounts")
ACTIVATE = reverse("accounts:activate")
LOGIN = reverse("accounts:login")
NEW_PASSWORD = "Mine-Own-Pass-77"

sent: list[tuple[str, str]] = []


class RecordingSms:
    def send(self, phone: str, text: str, *, key: str) -> None:
        sent.append((phone, text))


@pytest.fixture(autouse=True)
def _clean():
    sent.clear()
    cache.clear()


def _member(p, n: int, phone: str | None = None) -> Member:
    person = services.person_find_or_create(
        name=f"委员{n}", gender="M", affiliation="群众", phone=phone or f"1391234{n:04d}", by=None
    )
    return services.member_create(committee=p.city, person=person, sector=p.sector, by=None)


def _letter_rows(response) -> list[dict[str, str]]:
    """The letters' tables, one dict per letter."""
    doc = Document(io.BytesIO(response.content))
    return [{row.cells[0].text: row.cells[1].text for row in t.rows[1:]} for t in doc.tables]


def _activate(client, username, code, password=NEW_PASSWORD, **extra):
    data = {"username": username, "code": code, "password1": password, "password2": password}
    return client.post(ACTIVATE, data, **extra)


def test_sysadmin_opens_selected_members_accounts_with_letters_and_they_activate(client, p):
    a, b = _member(p, 1), _member(p, 2)
    client.force_login(p.sysadmin)
    response = client.post(OPEN, {"scope": "selected", "members": [a.pk, b.pk], "delivery": "letter_code"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    letters = _letter_rows(response)
    assert len(letters) == 2 and all(
        "激活码" in row and "/accounts/activate/" in row["激活地址"] for row in letters
    )
    a.person.refresh_from_db()
    user = a.person.user
    assert user is not None and not user.has_usable_password()
    # The roster is the authority: the member role comes with the link, granted by the rule.
    grant = AuditEvent.objects.get(action="role.granted", data__user=user.pk)
    assert grant.data["rule"] == "roster" and grant.actor == p.sysadmin
    assert RoleAssignment.objects.filter(user=user, committee=p.city, role=Role.MEMBER).exists()
    letter = next(row for row in letters if row["登录名"] == user.username)

    client.logout()
    assert _activate(client, user.username, letter["激活码"].lower()).status_code == 302
    assert client.post(LOGIN, {"username": user.username, "password": NEW_PASSWORD}).status_code == 302
    assert client.get(reverse("duty:my_record")).status_code in (200, 302)
    assert AuditEvent.objects.filter(action="account.code_redeemed", actor=user).exists()
    # Single use.
    client.logout()
    again = _activate(client, user.username, letter["激活码"], password="Other-Pass-88x")
    assert again.status_code == 400 and "激活码不正确" in again.content.decode()


def test_open_all_members_without_an_account_runs_in_batches(client, p, monkeypatch):
    monkeypatch.setattr(activation, "BATCH", 2)
    for n in range(5):
        _member(p, n)
    client.force_login(p.sysadmin)
    response = client.post(OPEN, {"scope": "all", "delivery": "letter_password"})
    assert len(_letter_rows(response)) == 5  # 王委员 already has his account
    assert not Member.objects.filter(committee=p.city, person__user__isnull=True).exists()
    again = client.post(OPEN, {"scope": "all", "delivery": "letter_password"}, follow=True)
    assert "都已有账号" in again.content.decode() or "已为 0" in again.content.decode()


def test_one_time_password_is_salted_per_account_and_must_be_changed(client, p):
    a, b = _member(p, 1), _member(p, 2)
    client.force_login(p.sysadmin)
    letters = _letter_rows(
        client.post(OPEN, {"scope": "selected", "members": [a.pk, b.pk], "delivery": "letter_password"})
    )
    hashes = list(User.objects.filter(person__in=[a.person, b.person]).values_list("password", flat=True))
    assert len({h.split("$")[-2] for h in hashes}) == 2  # a salt each
    client.logout()
    first = letters[0]
    assert client.post(LOGIN, {"username": first["登录名"], "password": first["初始密码"]}).status_code == 302
    assert client.get("/")["Location"] == reverse("accounts:password_change")


def test_codes_by_sms_skip_members_without_a_phone(client, p, settings):
    settings.SMS_BACKEND = "tests.accounts.test_roster_accounts.RecordingSms"
    with_phone = _member(p, 1)
    without = _member(p, 2)
    Person.objects.filter(pk=without.person_id).update(phone="", phone_hash="")
    client.force_login(p.sysadmin)
    page = client.post(
        OPEN,
        {"scope": "selected", "members": [with_phone.pk, without.pk], "delivery": "sms_code"},
        follow=True,
    ).content.decode()
    assert len(sent) == 1 and sent[0][0] == "13912340001" and "激活码" in sent[0][1]
    assert "1 位委员没有手机号" in page
    assert not Person.objects.get(pk=without.person_id).user_id


def test_wrong_codes_void_the_code_and_are_audited(client, p):
    user = activation.roster_accounts_open(
        committee=p.city, member_ids=[_member(p, 1).pk], by=p.sysadmin, kind=activation.CODE
    ).credentials[0]
    for _ in range(activation.CODE_FAILURE_LIMIT):
        assert _activate(client, user.username, "AAAA-AAAA").status_code == 400
    assert _activate(client, user.username, user.secret).status_code == 400  # voided now
    assert not User.objects.get(pk=user.user_id).has_usable_password()
    assert (
        AuditEvent.objects.filter(action="account.activation_failed").count()
        == activation.CODE_FAILURE_LIMIT + 1
    )


def test_guessing_from_one_address_is_rate_limited(client, p):
    for i in range(activation.IP_FAILURE_LIMIT):
        _activate(client, f"nobody{i}", "AAAA-AAAA")
    page = _activate(client, "wang", "AAAA-AAAA").content.decode()
    assert "尝试次数过多" in page


def test_expired_code_and_bad_input_store_nothing(client, p):
    credential = activation.roster_accounts_open(
        committee=p.city, member_ids=[_member(p, 1).pk], by=p.sysadmin, kind=activation.CODE
    ).credentials[0]
    weak = _activate(client, credential.username, credential.secret, password="123")
    assert weak.status_code == 400 and not User.objects.get(pk=credential.user_id).has_usable_password()
    ActivationCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = _activate(client, credential.username, credential.secret)
    assert expired.status_code == 400 and "已过期" in expired.content.decode()


def test_sysadmin_resets_a_members_password(client, p):
    client.force_login(p.sysadmin)
    url = reverse("org:member_account", args=[p.member_wang_record.pk])
    response = client.post(url, {"delivery": "letter_password"})
    [letter] = _letter_rows(response)
    wang = User.objects.get(pk=p.member_wang.pk)
    assert wang.must_change_password and wang.check_password(letter["初始密码"])
    assert AuditEvent.objects.filter(action="account.password_reset", actor=p.sysadmin).exists()


def test_reset_outside_scope_is_404_and_wrong_role_is_404(client, p):
    county_member = Member.objects.get(committee=p.county_a)
    client.force_login(p.sysadmin)
    assert (
        client.post(
            reverse("org:member_account", args=[county_member.pk]), {"delivery": "letter_code"}
        ).status_code
        == 404
    )
    client.force_login(p.proposal_staff)
    assert client.post(OPEN, {"scope": "all", "delivery": "letter_code"}).status_code == 404
    assert (
        client.post(
            reverse("org:member_account", args=[p.member_wang_record.pk]), {"delivery": "letter_code"}
        ).status_code
        == 404
    )


def test_only_the_sysadmin_opens_accounts_even_through_the_service(p):
    member = _member(p, 1)
    with pytest.raises(DomainError, match="系统管理员"):
        activation.roster_accounts_open(
            committee=p.city, member_ids=[member.pk], by=p.secadmin, kind=activation.CODE
        )
    assert Person.objects.get(pk=member.person_id).user_id is None


def test_member_list_filters_without_account_and_shows_the_column(client, p):
    _member(p, 1)
    client.force_login(p.sysadmin)
    page = client.get(MEMBERS, {"account": "none"}).content.decode()
    assert "委员1" in page and "王建国" not in page and "没有账号" in page
    assert "已开通" in client.get(MEMBERS, {"account": "active"}).content.decode()


def test_member_list_query_count_is_the_same_for_few_and_many(client, p):
    client.force_login(p.sysadmin)
    counter = iter(range(1, 1000))
    same_for_few_and_many(
        client, MEMBERS + "?account=none", lambda n: [_member(p, next(counter)) for _ in range(n)]
    )


def test_unit_contact_becomes_the_units_clerk_by_the_contact_list_rule(client, p):
    contact = services.unit_contact_create(
        unit=p.unit, name="赵经办", job_title="科长", phone="13611112222", by=None
    )
    client.force_login(p.sysadmin)
    response = client.post(reverse("org:contact_account", args=[contact.pk]), {"delivery": "letter_code"})
    [letter] = _letter_rows(response)
    contact.refresh_from_db()
    assert contact.user is not None and letter["登录名"] == contact.user.username
    assignment = RoleAssignment.objects.get(user=contact.user)
    assert (assignment.role, assignment.handling_unit) == (Role.UNIT_CLERK, p.unit)
    assert (
        AuditEvent.objects.get(action="role.granted", data__user=contact.user.pk).data["rule"]
        == "contact_list"
    )
    page = client.get(reverse("org:unit_detail", args=[p.unit.pk])).content.decode()
    assert "账号待激活" in page


def test_pickers_mark_members_who_cannot_log_in_yet(client, p):
    newcomer = _member(p, 1)
    assert member_ids_with_login(p.city.pk) == {p.member_wang_record.pk}
    from zhengxie.org.picker import search

    # The co-signer and invitee pickers search members through one endpoint, which flags who
    # cannot log in yet; the widget shows the flag as "（未开通账号）".
    rows = {r["id"]: r for r in search("members", p.city.pk, "")}
    assert rows[newcomer.pk]["has_account"] is False
    assert rows[p.member_wang_record.pk]["has_account"] is True
    client.force_login(p.member_wang)
    found = client.get(reverse("org:pick", args=["members"]), {"q": "委员1"}).json()["results"]
    assert [(r["id"], r["has_account"]) for r in found] == [(newcomer.pk, False)]


def test_home_page_tells_the_sysadmin_about_members_without_accounts(client, p):
    _member(p, 1)
    client.force_login(p.sysadmin)
    page = client.get("/").content.decode()
    assert "委员未开通账号" in page and "?account=none" in page


def test_opening_accounts_returns_only_to_a_page_of_this_site(client, p):
    client.force_login(p.sysadmin)
    response = client.post(OPEN, {"scope": "selected", "delivery": "letter_code", "back": "//evil.example/"})
    assert response["Location"] == MEMBERS

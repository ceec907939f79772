"""The labels registry: every action name the code records has a Chinese label, and the pages
that show actions and records (the audit log, a proposal's process log, a member's ledger) show no
dotted action name or `app.model#id`."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from zhengxie.lib import labels
from zhengxie.lib.workflow import Step

ROOT = Path(__file__).resolve().parents[2] / "zhengxie"
LITERAL = re.compile(r'action\s*=\s*"([a-z_]+(?:\.[a-z_]+)+)"')
# Names built at run time, spelled out.
BUILT = {
    'f"person.{field}_viewed"': ["person.phone_viewed", "person.id_number_viewed"],
    "f\"supervision.extension.{'approved' if approve else 'refused'}\"": [
        "supervision.extension.approved",
        "supervision.extension.refused",
    ],
    "f\"proposals.extension.{'approved' if approve else 'refused'}\"": [
        "proposals.extension.approved",
        "proposals.extension.refused",
    ],
}
FORMATTED = re.compile(r'action\s*=\s*(f"[^"\n]*")')


def _code_actions() -> set[str]:
    names: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        names.update(LITERAL.findall(text))
        for built in FORMATTED.findall(text):
            assert built in BUILT, f"{path}: spell out {built} in BUILT"
            names.update(BUILT[built])
    for path in ROOT.glob("*/workflow.py"):
        module = importlib.import_module(f"zhengxie.{path.parent.name}.workflow")
        for value in vars(module).values():
            if isinstance(value, dict):
                for steps in value.values():
                    if isinstance(steps, dict):
                        names.update(s.action for s in steps.values() if isinstance(s, Step))
    return names


def test_every_action_the_code_records_has_a_chinese_label() -> None:
    names = _code_actions()
    assert len(names) > 150
    assert labels.unlabelled(names) == []


def test_unknown_names_never_reach_the_reader() -> None:
    assert labels.action_label("x.y.z") == labels.UNKNOWN_ACTION
    assert labels.record_text("accounts.user", "") == "账号"
    assert labels.record_text("proposals.contact", "20 before 2026-12-03") == "办理沟通"
    assert labels.record_text("nothing.known", "12/34") == labels.UNKNOWN_KIND


DOTTED = re.compile(
    r"\b(?:auth|account|accounts|audit|proposals|opinions|supervision|duty|consultations|org)\.[a-z_]+(?:[.#][a-z_0-9]+)?"
)


def _visible_text(html: str) -> str:
    """The page's text and attribute values people read (not URLs, scripts or class names)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r'\s(?:href|src|action|hx-[a-z]+|class|id|name|for|data-[a-z-]+|value)="[^"]*"', "", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db(transaction=False)
def test_audit_log_process_log_and_ledger_speak_chinese(settings: Any) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)
    from zhengxie.accounts.models import User
    from zhengxie.audit.models import AuditEvent
    from zhengxie.proposals.models import Contact, Rating, Reply

    client = Client()
    # A login, a failed login and a logout in the log.
    client.post("/accounts/login/", {"username": "demo_member", "password": "wrong"})
    client.post("/accounts/login/", {"username": "demo_member", "password": "Zhengxie-demo-2026"})
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(action="auth.login").exists()
    pages: list[tuple[str, str]] = []

    auditor = User.objects.get(username="demo_auditadmin")
    client.force_login(auditor)
    for url in ("/audit/", "/audit/?action=auth.login"):
        pages.append((url, client.get(url).content.decode()))
    assert "登录" in pages[-1][1]

    event = AuditEvent.objects.filter(object_type="accounts.user").order_by("-id").first()
    if event is not None:
        pages.append(("audit event", client.get(f"/audit/{event.pk}/").content.decode()))

    # A proposal with a contact, a saved reply and a rating: its process log shows each.
    proposal_id = (
        Rating.objects.filter(proposal__contacts__isnull=False, proposal__replies__isnull=False)
        .values_list("proposal_id", flat=True)
        .first()
    )
    assert proposal_id is not None and Contact.objects.filter(proposal_id=proposal_id).exists()
    assert Reply.objects.filter(proposal_id=proposal_id).exists()
    client.force_login(User.objects.get(username="demo_proposal_staff"))
    detail = client.get(f"/proposals/{proposal_id}/").content.decode()
    assert "记录办理沟通" in detail and "评价办理情况" in detail
    pages.append(("proposal", detail))

    client.force_login(User.objects.get(username="demo_member"))
    ledger = client.get("/duty/").content.decode()
    pages.append(("ledger", ledger))
    # Ledger lines name their record's kind and title and link to it.
    assert re.search(r'<a href="/(?:proposals|opinions|consultations|duty)/[^"]*">[^<：]+：[^<]+</a>', ledger)

    for name, html in pages:
        text = _visible_text(html)
        assert not DOTTED.findall(text), (name, DOTTED.findall(text)[:5])
        assert not re.search(r"[a-z_]+\.[a-z_]+#\d+", text), name

"""Every notice the demo data holds opens for its recipient: a notice links to the recipient's own
copy of the record (a city's centre to the city's item, not the county's), never to a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhengxie.notices.models import Notice


@pytest.mark.django_db(transaction=False)
def test_every_demo_notice_opens_for_its_recipient(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DEMO_MODE = True
    # Notices are sent after commit: run those callbacks as a real commit would.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    notices = list(Notice.objects.select_related("recipient").exclude(url="").order_by("recipient_id", "id"))
    assert len(notices) > 20
    problems = []
    client = Client()
    current = None
    for notice in notices:
        if notice.recipient_id != current:
            client.force_login(notice.recipient)
            current = notice.recipient_id
        # The way a person opens it: from the inbox, which follows the notice's link.
        response = client.get(reverse("notices:open", args=[notice.pk]), follow=True)
        status = response.status_code
        if status != 200:
            problems.append(f"{notice.recipient.username}: {notice.title} → {notice.url} ({status})")
    assert not problems, f"{len(problems)} of {len(notices)}:\n" + "\n".join(problems)

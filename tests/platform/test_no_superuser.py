"""There is no all-powerful account: no createsuperuser, no Django admin site."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command


def test_createsuperuser_is_refused(db):
    with pytest.raises(CommandError, match="不设超级管理员"):
        call_command("createsuperuser")


def test_the_django_admin_site_is_not_mounted(client, p):
    client.force_login(p.sysadmin)
    assert client.get("/admin/").status_code == 404

"""Confirmations say what happened; a refused extension keeps what was typed; an overdue item says
up front why it cannot be extended."""

from __future__ import annotations

from django.urls import reverse

from tests.supervision.helpers import fresh, in_days, issued, messages_of, signed
from zhengxie.supervision.models import Item


def test_signing_for_an_item_says_signed(client, p):
    item = issued(p)
    client.force_login(p.unit_clerk)
    response = client.post(reverse("supervision:item_act", args=[item.pk, "sign"]), follow=True)
    assert messages_of(response) == ["已签收"]
    assert fresh(item).state == Item.State.IN_PROGRESS


def test_refused_extension_keeps_the_reason_and_progress(client, p):
    item = signed(p)
    client.force_login(p.unit_clerk)
    response = client.post(
        reverse("supervision:extension_request", args=[item.pk]),
        {
            "new_due_on": in_days(1).isoformat(),
            "reason": "需要等待省里批复资金",
            "progress_text": "已完成七成改造",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "申请延至的日期须晚于现在的办结时限" in page
    assert "需要等待省里批复资金" in page and "已完成七成改造" in page
    assert not item.extensions.exists()


def test_overdue_item_does_not_offer_an_extension(client, p):
    item = signed(p)
    Item.objects.filter(pk=item.pk).update(due_on=in_days(-1))
    client.force_login(p.unit_clerk)
    page = client.get(reverse("supervision:item_detail", args=[item.pk])).content.decode()
    assert "提交延期申请" not in page
    assert "已超过办结时限，不能再申请延期" in page

"""`{% replica_lag_note %}`: on pages whose figures are read from the replica, say how old they
may be. Nothing when no replica is configured."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from zhengxie.lib.dbrouter import replica_lag_seconds

register = template.Library()


@register.simple_tag
def replica_lag_note() -> str:
    lag = replica_lag_seconds()
    if lag is None:
        return ""
    return format_html('<p class="hint" data-testid="replica-lag">数据可能有{}秒延迟</p>', lag)

"""Chinese names of the audit log's own actions (lib.labels)."""

from __future__ import annotations

from zhengxie.lib.labels import register_actions

register_actions(
    {
        "audit.viewed": "查阅审计日志",
        "audit.exported": "导出审计日志",
        "audit.verified": "校验审计日志",
    },
    group="审计",
)

"""Chinese names of the audit log's own actions (lib.labels)."""

from __future__ import annotations

from zhengxie.lib.labels import register_actions

register_actions(
    {
        "audit.viewed": "查阅审计日志",
        "audit.exported": "导出审计日志",
        "audit.verified": "校验审计日志",
        "crypto.key_rotation.started": "开始更换个人信息密钥",
        "crypto.key_rotation.finished": "完成更换个人信息密钥",
        "crypto.key_rotation.failed": "更换个人信息密钥中断",
    },
    group="审计",
)

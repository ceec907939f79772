"""Chinese names of the accounts' audit actions and records (lib.labels)."""

from __future__ import annotations

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "auth.login": "登录",
        "auth.login_failed": "登录失败",
        "auth.locked_out": "账号被锁定",
        "auth.unlocked": "解除锁定",
        "auth.logout": "退出登录",
        "auth.otp_enrolled": "绑定动态口令",
        "auth.otp_failed": "动态口令错误",
        "auth.token_login": "接口令牌登录",
        "account.created": "创建账号",
        "account.activated": "启用账号",
        "account.password_changed": "修改密码",
        "account.otp_reset": "重置动态口令",
        "account.privacy_acknowledged": "确认个人信息告知",
        "api_token.created": "创建接口令牌",
        "api_token.revoked": "吊销接口令牌",
        "person.id_number_viewed": "查看完整身份证号",
        "auth.session_expired": "登录已超过最长时限",
        "access.refused": "越权操作被拒绝",
        "account.credential_issued": "发放初始登录凭证",
        "account.password_reset": "管理员重置密码",
        "account.code_redeemed": "使用激活码开通账号",
        "account.activation_failed": "激活码验证失败",
        "account.font_size_changed": "调整字号",
    },
    group="登录与账号",
)
register_kind("accounts.user", "账号", title=lambda u: u.display_name or u.username)
register_kind("accounts.apitoken", "接口令牌", title=lambda t: t.name)

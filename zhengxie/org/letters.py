"""The account-opening letter (账号开通通知书): one page per person, in the official layout, with
the address, the login name and the activation code or one-time password. Printed by the office
and handed over in person or by post, for members who do not receive SMS."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument, chinese_date


def account_letters(
    *,
    credentials: Sequence[Any],  # accounts.activation.Credential: username, name, kind, secret, expires_at
    issuer: str,
    login_url: str,
    activate_url: str,
    salutation: str = "委员",
    today: date | None = None,
) -> OfficialDocument:
    """One page per credential. `salutation` follows the name ("委员", "同志")."""
    today = today or timezone.localdate()
    doc = OfficialDocument(issuer=issuer, issued_on=today)
    for index, credential in enumerate(credentials):
        if index:
            doc.document.add_page_break()
        _letter(doc, credential, issuer, login_url, activate_url, salutation, today)
    return doc


def _letter(
    doc: OfficialDocument,
    credential: Any,
    issuer: str,
    login_url: str,
    activate_url: str,
    salutation: str,
    today: date,
) -> None:
    doc.title("智慧政协账号开通通知书")
    doc.addressee(f"{credential.name}{salutation}")
    if credential.kind == "code":
        doc.paragraph(
            "您在智慧政协平台的账号已开通。请在电脑或手机浏览器中打开下面的激活地址，"
            "输入登录名和激活码，设置您自己的登录密码后即可登录使用。"
        )
        rows = [
            ("激活地址", activate_url),
            ("登录名", credential.username),
            ("激活码", credential.secret),
            ("有效期至", chinese_date(timezone.localtime(credential.expires_at).date()))
            if credential.expires_at
            else ("有效期至", "—"),
            ("登录地址", login_url),
        ]
    else:
        doc.paragraph(
            "您在智慧政协平台的账号已开通。请在电脑或手机浏览器中打开下面的登录地址，"
            "用登录名和初始密码登录；首次登录时须设置您自己的新密码，初始密码随即失效。"
        )
        rows = [
            ("登录地址", login_url),
            ("登录名", credential.username),
            ("初始密码", credential.secret),
        ]
    doc.table(["项目", "内容"], rows)
    doc.paragraph(
        "激活码、初始密码只能使用一次，请妥善保管，不要告知他人。工作人员不会向您索要密码。"
        "如有疑问或遗失本通知书，请与本政协办公室联系重新发放。"
    )
    doc.signature(issuer, today)

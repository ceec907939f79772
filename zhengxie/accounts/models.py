"""Login accounts and API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from zhengxie.lib.crypto import EncryptedTextField
from zhengxie.lib.personal import mask_phone


class User(AbstractUser):
    """A login account: a member, a staff member, a handling-unit clerk or an administrator.

    Roles are per committee (org.RoleAssignment). `is_superuser` is never set: there is no
    all-powerful account, the three administrator roles are separate.
    """

    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = EncryptedTextField("登录手机", blank=True)
    phone_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField(null=True, blank=True)
    privacy_acknowledged_at = models.DateTimeField("个人信息告知确认时间", null=True, blank=True)

    class Meta:
        db_table = "accounts_user"
        verbose_name = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    class FontSize(models.TextChoices):
        STANDARD = "standard", "标准"
        LARGE = "large", "大"
        XLARGE = "xlarge", "特大"

    # Older members read the pages larger; the layout scales everything from the root font size.
    font_size = models.CharField("字号", max_length=10, choices=FontSize.choices, default=FontSize.STANDARD)


def default_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A personal API token. Only its SM3 digest is stored; the token is shown once at creation.

    It authenticates until `expires_at` (settings.API_TOKEN_DAYS after creation) unless revoked;
    `last_used_at` is touched at most once a minute."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=50)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("有效期至", default=default_token_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_api_token"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class PasswordHistory(models.Model):
    """A password an account has had, as the hash stored when it was set, so it cannot be reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "accounts_password_history"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


class ActivationCode(models.Model):
    """A single-use code with which a person activates an account opened for him (from the
    roster, a unit's contact list, or an administrator's reset) and sets his own password.

    Only a keyed hash of the code is stored (HMAC-SM3 with the data key, which is not in the
    database); a code expires, is used once, and is voided after a few wrong guesses."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activation_codes")
    code_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "accounts_activation_code"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "used_at", "revoked_at"], name="accounts_activation_open_idx")
        ]

    def __str__(self) -> str:
        return f"激活码 {self.user_id}"

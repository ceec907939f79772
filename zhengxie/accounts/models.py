"""Login accounts and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

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


class ApiToken(models.Model):
    """A personal API token. Only its SM3 digest is stored; the token is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=50)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_api_token"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

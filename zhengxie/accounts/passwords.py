"""Password policy (AUTH_PASSWORD_VALIDATORS), every message in Chinese whatever language is active.

Django's own validators answer in English unless zh-hans happens to be active (an API call, a
management command, a job); these subclasses keep Django's checks and replace their words."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation as django_validators
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

# How many of an account's latest passwords (the current one included) may not be chosen again.
HISTORY_SIZE = 5

# The user attributes a password may not resemble, with the words a user reads for them.
_ATTRIBUTE_LABELS = {
    "username": "用户名",
    "display_name": "姓名",
    "phone": "手机号码",
    "email": "电子邮箱",
    "first_name": "名字",
    "last_name": "姓氏",
}


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短，至少需要{self.min_length}个字符"

    def get_help_text(self) -> str:
        return f"密码至少{self.min_length}个字符。"


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def __init__(self, user_attributes: Any = tuple(_ATTRIBUTE_LABELS), max_similarity: float = 0.7) -> None:
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def validate(self, password: str, user: Any = None) -> None:
        # Django names the attribute by its field's verbose name, which is English for most of them.
        for attribute in self.user_attributes:
            try:
                django_validators.UserAttributeSimilarityValidator(
                    (attribute,), self.max_similarity
                ).validate(password, user)
            except ValidationError:
                label = _ATTRIBUTE_LABELS.get(attribute, "个人信息")
                raise ValidationError(f"密码与{label}过于相似", code="password_too_similar") from None

    def get_help_text(self) -> str:
        return "密码不能与用户名、姓名、手机号码等个人信息相似。"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "密码过于常见，容易被猜中"

    def get_help_text(self) -> str:
        return "不能使用常见密码。"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "密码不能全部是数字"

    def get_help_text(self) -> str:
        return "密码不能全部是数字。"


class CharacterClassValidator:
    """At least three kinds of characters (等保 complexity)."""

    def validate(self, password: str, user: Any = None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、符号中的至少三类", code="password_classes"
            )

    def get_help_text(self) -> str:
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类。"


class PasswordHistoryValidator:
    """None of the account's last `size` passwords: the current one and those in PasswordHistory."""

    def __init__(self, size: int = HISTORY_SIZE) -> None:
        self.size = size

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        from .models import PasswordHistory  # validators are imported with the settings, before models

        hashes = list(
            PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.size]
        )
        if user.password not in hashes:  # set before history was kept, or by an administrator
            hashes = [user.password, *hashes[: self.size - 1]]
        if any(encoded and check_password(password, encoded) for encoded in hashes):
            raise ValidationError(f"新密码不能与最近{self.size}次使用过的密码相同", code="password_reused")

    def get_help_text(self) -> str:
        return f"不能使用最近{self.size}次用过的密码。"

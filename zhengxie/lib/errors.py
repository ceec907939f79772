"""Domain errors: raised by services, shown to the user as they are (the message is Chinese)."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the action; `message` is shown to the user unchanged."""

    default_message = "操作未能完成"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class Conflict(DomainError):
    """Someone else changed the object between our read and our write (compare-and-set lost)."""

    default_message = "此事项已被他人处理，请刷新"


class NotAllowed(DomainError):
    """The acting user's roles do not allow this step."""

    default_message = "您没有执行此操作的权限"

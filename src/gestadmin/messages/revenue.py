"""Messages of the revenue domain (codes are stable: tests and users rely on them)."""

from __future__ import annotations

from gestadmin.messages._types import Message

MESSAGES: dict[str, Message] = {}

"""The catalogue entry type, shared by every domain's message module."""

from __future__ import annotations

from typing import NamedTuple

from gestadmin.findings import Severity


class Message(NamedTuple):
    """A catalogue entry: default severity and French template with `{named}` placeholders."""

    severity: Severity
    template: str


E = Severity.ERROR
W = Severity.WARNING
I = Severity.INFO  # noqa: E741

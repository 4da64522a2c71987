"""`journal verifier`: replay the audit journal's hash chain and report every tampered entry."""

from __future__ import annotations

from gestadmin.findings import Report
from gestadmin.messages import make_finding
from gestadmin.store.db import make_engine
from gestadmin.store.journal import Journal


def verify_journal(database_url: str) -> Report:
    """Report of the journal check: findings naming each altered/deleted/inserted entry, or one INFO line."""
    journal = Journal(make_engine(database_url))
    findings = journal.verify()
    count = len(journal.entries())
    if not findings:
        findings = [make_finding("JOURNAL_INTACT", count=count)]
    return Report(stats={"ecritures": count}, findings=findings)

"""Child process of the kill test: writes the consolidated workbook and the CSV export over and over.

Usage: python -m tests.integration.kill_child FOLDER OUT_DIR REF_DIR. Writes both contents (A, B) completely
under REF_DIR/0 and REF_DIR/1 (the parent's expected hashes), prints « prêt », then writes A, B, A... into
OUT_DIR until killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gestadmin.io.export import load_mapping, write_csv
from gestadmin.services.consolidation import consolidate, write_consolidation
from gestadmin.settings import Settings


def contents(folder: Path) -> list[tuple[object, object]]:
    """Two consolidations that differ (the second without one service)."""
    full = consolidate(folder, Settings())
    part = consolidate(folder, Settings())
    for key in list(part.tables):
        frame = part.tables[key]
        part.tables[key] = frame[frame["_service"] != "Moyens généraux"].reset_index(drop=True)
    return [(full, full.tables[("factures", "invoices")]), (part, part.tables[("factures", "invoices")])]


def main() -> None:
    folder, out, ref = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    versions = contents(folder)
    mapping = load_mapping()
    for n, (result, rows) in enumerate(versions):
        write_consolidation(result, ref / str(n) / "Consolidation.xlsx")  # type: ignore[arg-type]
        write_csv(rows, ref / str(n) / "Export_finances.csv", mapping)  # type: ignore[arg-type]
    print("prêt", flush=True)
    i = 0
    while True:
        result, rows = versions[i % 2]
        write_consolidation(result, out / "Consolidation.xlsx")  # type: ignore[arg-type]
        write_csv(rows, out / "Export_finances.csv", mapping)  # type: ignore[arg-type]
        i += 1


if __name__ == "__main__":
    main()

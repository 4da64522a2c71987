"""Consolidation benchmark (issue 7): 200 registers x 2,000 rows, naive pandas + openpyxl against gestadmin.

Prints, measured in this one run (machines are noisy: compare the ratios, not the seconds):
- naive pipeline: pandas.read_excel (openpyxl) per file, concat, drop_duplicates, to_excel (openpyxl);
- gestadmin: consolidate (read in sandboxed workers, validate every row, deduplicate across files) + CSV export,
  then + xlsx (the consolidated workbook, xlsxwriter);
- read + validate rows per second; incremental re-run with one changed file against a full run;
- duplicates found against the number planted by the generator (must be exact);
- the reading libraries' own floors on the same files and worker count (bench/read_floor.py): what they leave
  of the CSV and rows/s targets for everything gestadmin does on top.
Usage: python bench/bench_consolidation.py [files] [rows] [--sans-naif]. Not a test.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from read_floor import floors  # noqa: E402
from synthetic import Generated, generate  # noqa: E402

from gestadmin.io.export import load_mapping, write_csv, write_xlsx_tables  # noqa: E402
from gestadmin.io.reader import build_register, parse_file  # noqa: E402
from gestadmin.io.sandbox import default_size  # noqa: E402
from gestadmin.io.sniff import sniff  # noqa: E402
from gestadmin.services.consolidation import add_identity, consolidate, write_consolidation  # noqa: E402
from gestadmin.services.validation import validate_register  # noqa: E402
from gestadmin.settings import Settings  # noqa: E402
from gestadmin.store.db import make_engine  # noqa: E402

TARGETS = {
    "consolider + export CSV (s)": 4.0,
    "consolider + export xlsx (s)": 30.0,
    "gain sur le pipeline naïf (x)": 4.0,
    "lecture + contrôle (lignes/s)": 130_000,
    "relance incrémentale / complète": 0.10,
}


def naive(paths: list[Path], out: Path) -> tuple[float, int]:
    """What a spreadsheet user's script does; returns (seconds, duplicate rows dropped)."""
    start = time.perf_counter()
    frames = [pd.read_excel(p, engine="openpyxl").assign(_fichier=p.name) for p in paths]
    data = pd.concat(frames, ignore_index=True)
    deduped = data.drop_duplicates(subset=[c for c in data.columns if c != "_fichier"])
    deduped.to_excel(out, engine="openpyxl", index=False)
    return time.perf_counter() - start, len(data) - len(deduped)


def ours(folder: Path, out: Path, settings: Settings) -> dict[str, float]:
    """consolidate, then each output on its own: CSV export, xlsx export, whole consolidated workbook."""
    start = time.perf_counter()
    result = consolidate(folder, settings)
    consolidated = time.perf_counter() - start
    mapping = load_mapping()
    rows = result.tables[("factures", "invoices")]
    start = time.perf_counter()
    write_csv(rows, out / "Export_finances.csv", mapping)
    csv_s = time.perf_counter() - start
    start = time.perf_counter()
    write_xlsx_tables(out / "Export_finances.xlsx", [(mapping.export.nom, rows, mapping)])
    xlsx_s = time.perf_counter() - start
    start = time.perf_counter()
    write_consolidation(result, out / "Consolidation.xlsx")
    workbook_s = time.perf_counter() - start
    total_rows = sum(len(t) for t in result.tables.values()) + int(result.report.stats["doublons_retires"])  # type: ignore[call-overload]
    return {"consolidate": consolidated, "csv": consolidated + csv_s, "xlsx": consolidated + xlsx_s,
            "workbook": workbook_s, "rows": total_rows,
            "duplicates": float(result.report.stats["doublons_retires"])}  # type: ignore[arg-type]


def incremental(folder: Path, gen: Generated, tmp: Path, settings: Settings) -> tuple[float, float]:
    """(full run with an empty cache, re-run after one file changed) in seconds."""
    engine = make_engine(f"sqlite:///{tmp / 'cache.sqlite3'}")
    start = time.perf_counter()
    consolidate(folder, settings, engine=engine)
    full = time.perf_counter() - start
    changed = gen.files[0]
    frame = pd.read_excel(changed, engine="openpyxl", dtype=str)
    frame.loc[0, "Objet"] = "Objet modifié"
    frame.to_excel(changed, engine="openpyxl", index=False, sheet_name="Factures")
    start = time.perf_counter()
    rerun = consolidate(folder, settings, engine=engine)
    again = time.perf_counter() - start
    assert rerun.files_read == 1, rerun.files_read
    return full, again


def breakdown(paths: list[Path], settings: Settings) -> dict[str, float]:
    """CPU milliseconds per register of each stage, in this process (no sandbox): where the time goes."""
    first = paths[0]  # warm-up: the rule modules are imported on the first validation, once per process
    validate_register(build_register(parse_file(first, sniff(first), columnar=True), None, first, settings), settings)
    stages = {"lecture": 0.0, "typage": 0.0, "contrôles": 0.0, "identité des lignes": 0.0,
              "aller-retour pickle": 0.0}
    for path in paths:
        start = time.process_time()
        raw = parse_file(path, sniff(path), columnar=True)  # as a consolidation worker reads
        stages["lecture"] += time.process_time() - start
        start = time.process_time()
        data = build_register(raw, None, path, settings)
        stages["typage"] += time.process_time() - start
        start = time.process_time()
        findings = validate_register(data, settings).findings
        stages["contrôles"] += time.process_time() - start
        start = time.process_time()
        for sheet in data.sheets.values():
            add_identity(sheet.layout, sheet.frame)
        stages["identité des lignes"] += time.process_time() - start
        start = time.process_time()
        pickle.loads(pickle.dumps((data, findings), protocol=pickle.HIGHEST_PROTOCOL))
        stages["aller-retour pickle"] += time.process_time() - start
    return {k: v * 1000 / len(paths) for k, v in stages.items()}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    files, rows = (int(args[0]), int(args[1])) if len(args) == 2 else (200, 2_000)
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="gestadmin-bench-") as name:
        tmp = Path(name)
        start = time.perf_counter()
        gen = generate(tmp / "registres", files=files, rows=rows, duplicates=max(1, files * rows // 100))
        print(f"Génération : {len(gen.files)} registres, {gen.rows} lignes, {gen.duplicates} doublons plantés, "
              f"{gen.invalid} lignes invalides ({time.perf_counter() - start:.1f} s)")
        (tmp / "out").mkdir()
        stages = breakdown(gen.files[:20], settings)
        print(f"Par registre de {rows} lignes (CPU, un processus, 20 fichiers) : "
              + " ; ".join(f"{k} {v:.1f} ms" for k, v in stages.items()) + f" ; total {sum(stages.values()):.1f} ms")
        mine = ours(tmp / "registres", tmp / "out", settings)
        rate = mine["rows"] / mine["consolidate"]
        print(f"gestadmin : consolider {mine['consolidate']:.2f} s ({rate:,.0f} lignes/s lues et contrôlées) ; "
              f"consolider + export CSV {mine['csv']:.2f} s ; consolider + export xlsx {mine['xlsx']:.2f} s ; "
              f"classeur consolidé complet (toutes feuilles) {mine['workbook']:.2f} s")
        print(f"Doublons : {mine['duplicates']:.0f} retirés pour {gen.duplicates} plantés "
              f"({'exact' if mine['duplicates'] == gen.duplicates else 'ÉCART'})")
        workers = settings.consolidation.workers or default_size()
        budget = TARGETS["consolider + export CSV (s)"]
        for label, seconds in floors(gen.files, workers).items():
            print(f"Plancher {label} ({workers} processus, mêmes fichiers, ni typage ni contrôle) : {seconds:.2f} s, "
                  f"{mine['rows'] / seconds:,.0f} lignes/s au plus ; {seconds / budget:.0%} de la cible CSV de "
                  f"{budget:.0f} s, {seconds / mine['consolidate']:.0%} de la consolidation mesurée")
        full, again = incremental(tmp / "registres", gen, tmp, settings)
        print(f"Incrémental : complet {full:.2f} s, 1 fichier modifié {again:.2f} s (ratio {again / full:.3f})")
        measured: dict[str, float] = {
            "consolider + export CSV (s)": mine["csv"], "consolider + export xlsx (s)": mine["xlsx"],
            "lecture + contrôle (lignes/s)": rate, "relance incrémentale / complète": again / full,
        }
        if "--sans-naif" not in sys.argv:
            naive_s, naive_dups = naive(gen.files, tmp / "out" / "naif.xlsx")
            print(f"Pipeline naïf (pandas.read_excel + openpyxl) : {naive_s:.1f} s, {naive_dups} doublons retirés")
            measured["gain sur le pipeline naïf (x)"] = naive_s / mine["xlsx"]
        print("\nCible                              mesuré        cible")
        for label, target in TARGETS.items():
            if label not in measured:
                continue
            value = measured[label]
            lower_is_better = "(s)" in label or "complète" in label
            ok = value <= target if lower_is_better else value >= target
            print(f"{label:34s} {value:12,.3f}  {'<=' if lower_is_better else '>='} {target:<10,}"
                  f" {'atteinte' if ok else 'NON ATTEINTE'}")


if __name__ == "__main__":
    main()

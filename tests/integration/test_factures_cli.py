"""`gestadmin factures controler|statut|confirmer-rib` and `gestadmin journal verifier` end to end.

On a register built inline (clean: exit 0) and on the demo workbooks (`gestadmin demo` data: exit 1 with the
French summary, JSON report); unreadable input exits 2. A RIB change on a known supplier blocks the invoice
until an out-of-band confirmation is recorded, and that confirmation is journaled; status changes are
journaled, skipped steps refused, and the journal verifier names a row altered directly in the database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from gestadmin.cli import app
from gestadmin.demo import DEMO_TODAY
from gestadmin.io.reader import read_register
from gestadmin.rules.invoices import CHECKLIST
from gestadmin.services.demo import write_demo
from gestadmin.store.db import make_engine
from gestadmin.store.journal import Journal
from tests.invoice_books import clean_register, rib

RUNNER = CliRunner()
TODAY = DEMO_TODAY.strftime("%d/%m/%Y")
WAHIO = "Registre_factures_2026_Wahio.xlsx"
TEIN = "Registre_factures_2026_Tein.xlsx"
NEW_RIB_ROW = 40  # Wahio › Factures: the planted RIB change (rib_different_repertoire)


def invoke(*args: str) -> Any:
    return RUNNER.invoke(app, list(args))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def base(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'gestadmin.sqlite3'}"


def demo_args(demo: dict[str, Path], *names: str) -> list[str]:
    registers = names or sorted(n for n in demo if n.startswith("Registre_factures"))
    return [*(str(demo[n]) for n in registers), "--budget", str(demo["Budget_2026.xlsx"]),
            "--repertoire", str(demo["Repertoire_tiers.xlsx"]), "--aujourdhui", TODAY]


def controler_json(demo: dict[str, Path], base: str, out: Path, *names: str) -> tuple[int, dict[str, Any]]:
    result = invoke("factures", "controler", *demo_args(demo, *names), "--json", "--base", base,
                    "--sortie", str(out))
    return result.exit_code, json.loads(result.stdout)


def at(report: dict[str, Any], file: str, row: int) -> list[tuple[str, str, str]]:
    """(code, severity, cell) of the findings on one row of a register's Factures sheet."""
    return [(a["code"], a["severity"], a["cell"]) for a in report["anomalies"]
            if a["file"] == file and a["sheet"] == "Factures" and a["row"] == row]


# --- controler --------------------------------------------------------------------------------------------------

def test_clean_register_exits_0_with_a_zero_count_per_check(tmp_path: Path, base: str) -> None:
    path = clean_register(tmp_path / "Registre_factures.xlsx")
    result = invoke("factures", "controler", str(path), "--aujourdhui", TODAY, "--base", base,
                    "--sortie", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for check in CHECKLIST:
        assert f"{check.label} : 0 anomalie(s)" in result.stdout
    assert "0 erreur(s), 0 avertissement(s), 0 information(s)." in result.stdout
    assert (tmp_path / "out" / "Registre_factures_annote.xlsx").exists()


def test_demo_exits_1_with_the_french_summary(demo: dict[str, Path], tmp_path: Path, base: str) -> None:
    result = invoke("factures", "controler", *demo_args(demo), "--base", base, "--sortie", str(tmp_path))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "Registre_factures_2026_Tein.xlsx › Factures!M32 : TTC incorrect : " in out and "[TTC_INCORRECT]" in out
    assert "1. Réception (date) : 1 anomalie(s)" in out and "10. Délai de mandatement : 2 anomalie(s)" in out
    assert "Factures à risque (délai de mandatement) : 2" in out
    assert ("  - Registre_factures_2026_Tein.xlsx ligne 24 (Mobilier Austral SARL) : échéance le 14/10/2026, "
            "en retard de 16 jour(s)") in out
    assert "26 erreur(s), 5 avertissement(s), 0 information(s)." in out
    copies = sorted(p.name for p in tmp_path.glob("*_annote.xlsx"))
    assert copies == [n.replace(".xlsx", "_annote.xlsx") for n in sorted(demo) if n.startswith("Registre_factures")]
    assert all(f"Copie annotée : {tmp_path / name}" in out for name in copies)
    annotated = openpyxl.load_workbook(tmp_path / "Registre_factures_2026_Tein_annote.xlsx")
    assert "Anomalies" in annotated.sheetnames


def test_json_report(demo: dict[str, Path], tmp_path: Path, base: str) -> None:
    code, report = controler_json(demo, base, tmp_path)
    assert code == 1
    assert set(report) == {"stats", "comptes", "anomalies", "controles", "factures_a_risque", "copies_annotees"}
    assert report["comptes"] == {"erreur": 26, "avertissement": 5, "information": 0}
    assert list(report["controles"]) == [c.label for c in CHECKLIST]
    assert sum(report["controles"].values()) == 26
    assert report["stats"]["factures"] == 121 and len(report["copies_annotees"]) == 3
    assert [(r["fichier"], r["ligne"], r["jours_restants"]) for r in report["factures_a_risque"]] == [
        (TEIN, 24, -16), ("Registre_factures_2026_Lepeu.xlsx", 36, 6)]
    first = report["anomalies"][0]
    assert set(first) == {"file", "sheet", "row", "column", "cell", "field", "code", "severity", "message"}
    assert at(report, TEIN, 28) == [("ENGAGEMENT_IMPUTATION_DIFFERENTE", "erreur", "I28")]


def test_unreadable_inputs_exit_2(tmp_path: Path, base: str) -> None:
    fake = tmp_path / "Registre_factures.xlsx"
    fake.write_bytes(b"ceci n'est pas un classeur")
    result = invoke("factures", "controler", str(fake), "--base", base, "--sortie", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "Registre_factures.xlsx" in result.stderr and "Traceback" not in result.output
    missing = invoke("factures", "controler", str(tmp_path / "absent.xlsx"), "--base", base)
    assert missing.exit_code == 2, missing.output
    bad_day = invoke("factures", "controler", str(clean_register(tmp_path / "ok.xlsx")), "--aujourdhui", "31/02/2026",
                     "--base", base)
    assert bad_day.exit_code == 2 and "31/02/2026" in bad_day.stderr


# --- RIB change -------------------------------------------------------------------------------------------------

def test_rib_change_blocks_until_confirmed_and_the_confirmation_is_journaled(
        demo: dict[str, Path], tmp_path: Path, base: str) -> None:
    new_rib = read_register(demo[WAHIO], kind="factures").sheets["invoices"].frame.set_index("_row").at[
        NEW_RIB_ROW, "bank_account"]
    supplier = "Lagon Télécom Entreprises"
    code, before = controler_json(demo, base, tmp_path / "1", WAHIO)
    assert code == 1 and at(before, WAHIO, NEW_RIB_ROW) == [("RIB_DIFFERENT", "erreur", "N40")]
    blocked = next(a for a in before["anomalies"] if a["code"] == "RIB_DIFFERENT")
    assert "BLOQUÉE" in blocked["message"] and "contre-appel" in blocked["message"]

    # confirming another account does not unblock this one
    other_rib = rib("17499", "00020", "98765432109")
    other = invoke("factures", "confirmer-rib", "--fournisseur", supplier, "--rib", other_rib, "--par", "Lucie Tein",
                   "--moyen", "contre-appel", "--le", "28/10/2026", "--base", base)
    assert other.exit_code == 0, other.output
    assert at(controler_json(demo, base, tmp_path / "2", WAHIO)[1], WAHIO, NEW_RIB_ROW)[0][0] == "RIB_DIFFERENT"

    confirm = invoke("factures", "confirmer-rib", "--fournisseur", supplier, "--rib", new_rib, "--par", "Marie Wahio",
                     "--moyen", "contre-appel au numéro du répertoire", "--le", "29/10/2026", "--base", base)
    assert confirm.exit_code == 0, confirm.output
    assert confirm.stdout.strip() == (f"RIB {new_rib} de « {supplier} » confirmé par Marie Wahio (contre-appel au "
                                      "numéro du répertoire) : écriture n° 2 du journal.")
    _code, after = controler_json(demo, base, tmp_path / "3", WAHIO)
    assert at(after, WAHIO, NEW_RIB_ROW) == [("RIB_CONFIRME", "information", "N40")]
    unblocked = next(a for a in after["anomalies"] if a["code"] == "RIB_CONFIRME")
    assert unblocked["message"] == ("Changement de RIB confirmé le 29/10/2026 par Marie Wahio (contre-appel au numéro "
                                    "du répertoire) : facture débloquée.")

    entries = Journal(make_engine(base)).entries()
    assert [e.id for e in entries] == [1, 2] and {e.entity for e in entries} == {"rib_fournisseur"}
    assert entries[1].after is not None and entries[1].after["confirme_par"] == "Marie Wahio"
    verified = invoke("journal", "verifier", "--base", base)
    assert verified.exit_code == 0 and "Journal intact : 2 écriture(s) vérifiée(s)." in verified.stdout


def test_incomplete_or_future_confirmation_is_refused(base: str) -> None:
    common = ["factures", "confirmer-rib", "--fournisseur", "X SARL", "--rib", "14889 00010 12345678901 54",
              "--base", base]
    no_method = invoke(*common, "--par", "Marie", "--moyen", " ")
    future = invoke(*common, "--par", "Marie", "--moyen", "contre-appel",
                    "--le", (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y"))
    assert (no_method.exit_code, future.exit_code) == (2, 2)
    assert "le moyen de confirmation" in no_method.stderr and "dans le futur" in future.stderr
    assert Journal(make_engine(base)).entries() == []


# --- statuses and journal ---------------------------------------------------------------------------------------

def first_registered_row(path: Path) -> int:
    frame = read_register(path, kind="factures").sheets["invoices"].frame
    waiting = frame[(frame["status"] == "Enregistrée") & frame["service_done_date"].isna()]
    return int(waiting["_row"].iloc[0])


def test_status_changes_are_journaled_and_skipped_steps_refused(demo: dict[str, Path], base: str) -> None:
    register = str(demo[TEIN])
    row = first_registered_row(demo[TEIN])

    def statut(to: str, why: str = "contrôle", line: int = row) -> Any:
        return invoke("factures", "statut", register, "--ligne", str(line), "--vers", to, "--motif", why,
                      "--par", "Lucie Tein", "--base", base)

    skipped = statut("Payée")
    assert skipped.exit_code == 1
    assert "refusé : étape « Service fait » non franchie.  [STATUT_ETAPE_SAUTEE]" in skipped.stderr
    no_reason = statut("Service fait", why=" ")
    assert no_reason.exit_code == 1 and "[STATUT_MOTIF_MANQUANT]" in no_reason.stderr
    assert Journal(make_engine(base)).entries() == []

    done = statut("Service fait", why="livraison constatée le 27/10")
    assert done.exit_code == 0, done.output
    assert (f"{TEIN} › Factures!P{row} : Statut passé de « Enregistrée » à « Service fait » (écriture n° 1 du "
            "journal).") in done.stdout
    assert statut("Liquidée").exit_code == 0  # the journal (not the register) now says Service fait
    assert statut("Payée").exit_code == 1  # Mandatée is still missing
    entries = Journal(make_engine(base)).entries("facture", f"{TEIN}#" + str(
        read_register(demo[TEIN], kind="factures").sheets["invoices"].frame.set_index("_row").at[
            row, "registration_number"]))
    assert [(e.actor, e.before, e.after, e.reason) for e in entries] == [
        ("Lucie Tein", {"statut": "Enregistrée"}, {"statut": "Service fait"}, "livraison constatée le 27/10"),
        ("Lucie Tein", {"statut": "Service fait"}, {"statut": "Liquidée"}, "contrôle"),
    ]


def test_liquidated_in_the_register_without_service_done_cannot_be_ordered(demo: dict[str, Path], base: str) -> None:
    # Wahio row 39 is typed « Liquidée » with no service-done date (planted SERVICE_FAIT_MANQUANT)
    result = invoke("factures", "statut", str(demo[WAHIO]), "--ligne", "39", "--vers", "Mandatée", "--motif", "mandat",
                    "--base", base)
    assert result.exit_code == 1
    assert "Passage de « Liquidée » à « Mandatée » refusé : étape « Service fait » non franchie." in result.stderr
    unknown_row = invoke("factures", "statut", str(demo[WAHIO]), "--ligne", "999", "--vers", "Service fait",
                         "--motif", "x", "--base", base)
    assert unknown_row.exit_code == 2 and "Aucune facture à la ligne 999" in unknown_row.stderr


def test_journal_verifier_names_a_row_altered_after_1000_status_changes(base: str) -> None:
    from gestadmin.model.statuses import InvoiceStatus as S
    from gestadmin.services.invoice_status import change_status, current_status

    journal = Journal(make_engine(base))
    chain = [S.REGISTERED, S.SERVICE_DONE, S.LIQUIDATED, S.ORDERED, S.SENT_TO_ACCOUNTANT]
    for n in range(200):
        invoice = f"{TEIN}#2026-{n:04d}"
        for target in chain:
            change = change_status(journal, invoice_id=invoice, current=current_status(journal, invoice, "Reçue"),
                                   target=target.value, reason="traitement", actor="lucie", service_done=False)
            assert change.accepted, change.finding.message
    intact = invoke("journal", "verifier", "--base", base)
    assert intact.exit_code == 0 and "Journal intact : 1000 écriture(s) vérifiée(s)." in intact.stdout
    with make_engine(base).begin() as conn:
        conn.execute(text("UPDATE audit_journal SET reason = 'paiement urgent' WHERE id = 637"))
    tampered = invoke("journal", "verifier", "--base", base, "--json")
    assert tampered.exit_code == 1
    report = json.loads(tampered.stdout)
    assert [(a["code"], a["row"]) for a in report["anomalies"]] == [("JOURNAL_ALTERE", 637)]
    text_report = invoke("journal", "verifier", "--base", base)
    assert "Écriture n° 637 du journal modifiée après coup (empreinte incorrecte)." in text_report.stdout

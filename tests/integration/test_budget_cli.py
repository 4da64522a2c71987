"""Budget CLI end to end on demo workbooks: commitment control (refused / warned, both journaled, written to a
copy), situation and coherence on the demo with the deliberate mismatches and both provenances."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from gestadmin.cli import app as main_app
from gestadmin.cli.budget import app
from gestadmin.demo import DEMO_TODAY
from gestadmin.demo.expected import EXPECTED_ANOMALIES
from gestadmin.findings import Severity
from gestadmin.io.reader import read_register
from gestadmin.services.budget import situation
from gestadmin.services.demo import write_demo
from gestadmin.services.revenue import issue_drafts
from gestadmin.services.revenue_reports import record_receipt
from gestadmin.settings import get_settings
from gestadmin.store.db import make_engine
from gestadmin.store.journal import Journal

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder)
    return folder


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    monkeypatch.setenv("GESTADMIN_OUTPUT_DIR", str(tmp_path / "sorties"))
    get_settings.cache_clear()


def _journal(tmp_path: Path) -> list[tuple[str, str]]:
    journal = Journal(make_engine(f"sqlite:///{tmp_path / 'journal.sqlite3'}"))
    return [(e.action, e.after["resultat"] if e.after else "") for e in journal.entries()]


def _engage(demo: Path, tmp_path: Path, amount: str, *extra: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["engager", str(demo / "Budget_2026.xlsx"), "--imputation", "F-011-6064",
                                 "--montant", amount, "--tiers", "Bureau Vallée Nouméa SARL", "--objet", "Papier",
                                 "--sortie", str(tmp_path / "copie"), "--json", *extra])
    return result.exit_code, json.loads(result.stdout)


def test_commitment_within_the_available_balance_is_written_to_a_copy(demo: Path, tmp_path: Path) -> None:
    before = (demo / "Budget_2026.xlsx").read_bytes()
    code, data = _engage(demo, tmp_path, "100 000")
    assert code == 0 and data["accepte"] is True and str(data["numero"]).startswith("EJ-2026-")
    assert (demo / "Budget_2026.xlsx").read_bytes() == before  # the source is never modified in place
    reread = read_register(tmp_path / "copie" / "Budget_2026.xlsx", "budget")
    rows = reread.sheets["commitments"].frame
    assert rows[rows["commitment_number"] == data["numero"]]["amount"].tolist() == [100_000]
    assert _journal(tmp_path) == [("engagement", "ENGAGEMENT_ENREGISTRE")]


def test_overcommitment_is_refused_with_the_figures_and_journaled(demo: Path, tmp_path: Path) -> None:
    code, data = _engage(demo, tmp_path, "90000000")
    assert code == 1 and data["accepte"] is False
    finding = data["anomalies"][0]  # type: ignore[index]
    assert (finding["code"], finding["sheet"], finding["cell"]) == ("ENGAGEMENT_REFUSE", "Lignes budgétaires", "R2")
    assert "montant 90\u202f000\u202f000" in finding["message"] and "disponible 930\u202f000" in finding["message"]
    assert not (tmp_path / "copie" / "Budget_2026.xlsx").exists()
    assert _journal(tmp_path) == [("engagement_refuse", "ENGAGEMENT_REFUSE")]


def test_warning_mode_needs_confirmation_and_journals_both_steps(demo: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GESTADMIN_BUDGET__OVERCOMMIT_MODE", "avertir")
    get_settings.cache_clear()
    code, data = _engage(demo, tmp_path, "90000000")
    assert code == 1 and data["anomalies"][0]["code"] == "ENGAGEMENT_A_CONFIRMER"  # type: ignore[index]
    code, data = _engage(demo, tmp_path, "90000000", "--confirmer")
    assert code == 0 and data["accepte"] is True
    assert data["anomalies"][0]["code"] == "ENGAGEMENT_DEPASSEMENT_CONFIRME"  # type: ignore[index]
    assert _journal(tmp_path) == [("engagement_a_confirmer", "ENGAGEMENT_A_CONFIRMER"),
                                  ("engagement_depassement_confirme", "ENGAGEMENT_DEPASSEMENT_CONFIRME")]


def test_unknown_imputation_and_bad_amount(demo: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["engager", str(demo / "Budget_2026.xlsx"), "--imputation", "F-011-9999",
                                 "--montant", "1000", "--tiers", "X", "--json"])
    assert result.exit_code == 1 and "ENGAGEMENT_IMPUTATION_INCONNUE" in result.stdout
    result = runner.invoke(app, ["engager", str(demo / "Budget_2026.xlsx"), "--imputation", "F-011-6064",
                                 "--montant", "douze", "--tiers", "X"])
    assert result.exit_code == 2 and "montant invalide" in result.output


def _located(data: dict[str, object]) -> set[tuple[str, str, str, str]]:
    return {(a["file"], a["sheet"], a["cell"], a["code"]) for a in data["anomalies"]}  # type: ignore[attr-defined, index]


def test_coherence_on_the_demo_reports_the_planted_mismatches_with_both_provenances(demo: Path) -> None:
    result = runner.invoke(app, ["coherence", str(demo / "Budget_2026.xlsx"), "--registres", str(demo), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    found = _located(data)
    # mandat M-2026-0076 is 10 000 F above its invoice: the line, the mandat AND the invoice are reported
    assert ("Budget_2026.xlsx", "Lignes budgétaires", "P2", "COHERENCE_MANDATS_LIGNE") in found
    assert ("Budget_2026.xlsx", "Mandats", "H77", "COHERENCE_MANDAT_MONTANT") in found
    assert ("Registre_factures_2026_Tein.xlsx", "Factures", "M25", "COHERENCE_MANDAT_MONTANT") in found
    # invoices above their commitment: the commitment cell and the invoice cell
    assert ("Budget_2026.xlsx", "Engagements", "G26", "COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT") in found
    assert ("Registre_factures_2026_Lepeu.xlsx", "Factures", "M42", "COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT") in found
    messages = {(a["sheet"], a["cell"]): a["message"] for a in data["anomalies"]}
    assert "Registre_factures_2026_Tein.xlsx › Factures!M25" in messages[("Mandats", "H77")]
    assert "Budget_2026.xlsx › Mandats!H77" in messages[("Factures", "M25")]


def test_situation_prints_french_tables_and_writes_the_copy(demo: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["situation", str(demo / "Budget_2026.xlsx"), "--registres", str(demo),
                                 "--sortie", str(tmp_path / "sit")])
    assert result.exit_code == 1, result.output  # the demo has planted anomalies
    assert "Par chapitre (dépenses)" in result.stdout and "F\u00a0CFP" in result.stdout
    assert "Marchés et conventions : 6, montant total 31\u202f000\u202f000" in result.stdout  # sum of the 6 totals
    assert "Lignes budgétaires!R5" in result.stdout  # the overcommitted line F-011-6156
    assert "Engagements!E23" in result.stdout  # the commitment on the missing line F-011-6188
    assert (tmp_path / "sit" / "Budget_2026_situation.xlsx").exists()


def test_situation_on_the_demo_shows_the_contracts_and_their_planted_alerts(demo: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["situation", str(demo / "Budget_2026.xlsx"), "--registres", str(demo),
                                 "--sortie", str(tmp_path / "sit"), "--json"])
    data = json.loads(result.stdout)
    contracts = {c["contract_number"]: c for c in data["situation"]["marches"]}
    assert len(contracts) == 6
    overrun = contracts["MAR-2025-014"]  # 2 200 000 + amendment 200 000; EJ-2026-0002 commits 2 600 000
    assert (overrun["total"], overrun["committed"], overrun["balance"]) == (2_400_000, 2_600_000, -200_000)
    assert contracts["MAR-2024-022"]["days_left"] == (dt.date(2026, 11, 20) - dt.date.today()).days
    found = _located(data)
    assert ("Budget_2026.xlsx", "Marchés", "H4", "MARCHE_DEPASSE") in found
    assert not any(code == "MARCHE_INCONNU" for *_rest, code in found)  # every contract a commitment names exists
    # purchases under a contract are not cumulated against the thresholds (telecom, software)
    messages = " ".join(a["message"] for a in data["anomalies"] if a["code"].startswith("SEUIL_"))
    assert "Lagon Télécom" not in messages and "Logiciels Océaniens" not in messages


def test_revenue_titles_issued_and_collected_reach_the_situation(tmp_path: Path) -> None:
    folder = tmp_path / "registres"
    write_demo(folder)
    register = folder / "Registre_facturation_recettes.xlsx"
    settings = get_settings()
    issued = issue_drafts(register, settings, ["B-001", "B-002", "B-003"], f"sqlite:///{tmp_path / 'num.sqlite3'}",
                          today=dt.date(2026, 10, 30)).issued
    assert len(issued) == 3
    record_receipt(register, settings, issued[0].number, 10_000, dt.date(2026, 10, 29), "Chèque")
    result = runner.invoke(app, ["situation", str(folder / "Budget_2026.xlsx"), "--registres", str(folder),
                                 "--sortie", str(tmp_path / "sit"), "--json"])
    data = json.loads(result.stdout)
    titles = next(r for r in data["situation"]["recettes"] if r["budget_code"] == "R-70-7083")
    assert titles["issued"] == sum(i.gross for i in issued) > 0
    assert (titles["collected"], titles["outstanding"]) == (10_000, titles["issued"] - 10_000)
    assert titles["realisation_rate"] == pytest.approx(titles["issued"] / titles["forecast"])
    assert "COHERENCE_IMPUTATION_RECETTE_ABSENTE" not in {a["code"] for a in data["anomalies"]}


def _transfer(demo: Path, tmp_path: Path, source: str, target: str, amount: str, *extra: str
              ) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["virer", str(demo / "Budget_2026.xlsx"), "--de", source, "--vers", target,
                                 "--montant", amount, "--motif", "Ajustement", "--sortie", str(tmp_path / "copie"),
                                 "--json", *extra])
    return result.exit_code, json.loads(result.stdout)


def _transfers(path: Path) -> dict[str, int]:
    frame = read_register(path, "budget").sheets["budget_lines"].frame
    return {str(c): int(v) for c, v in zip(frame["budget_code"], frame["credit_transfer"], strict=True)
            if not pd.isna(v)}


def test_transfer_within_a_chapter_moves_credits_and_is_journaled(demo: Path, tmp_path: Path) -> None:
    code, data = _transfer(demo, tmp_path, "F-011-6068", "F-011-6064", "100 000")
    assert code == 0 and data["accepte"] is True
    assert data["anomalies"][0]["code"] == "VIREMENT_ENREGISTRE"  # type: ignore[index]
    copy = tmp_path / "copie" / "Budget_2026.xlsx"
    assert _transfers(copy) == {"F-011-6068": -100_000, "F-011-6064": 100_000}
    assert _transfers(demo / "Budget_2026.xlsx") == {}  # the source is untouched
    assert _journal(tmp_path) == [("virement", "VIREMENT_ENREGISTRE")]
    result = runner.invoke(app, ["situation", str(copy), "--sortie", str(tmp_path / "sit"), "--json"])
    after = json.loads(result.stdout)
    lines = {r["budget_code"]: r for r in after["situation"]["lignes"]}
    before = json.loads(runner.invoke(app, ["situation", str(demo / "Budget_2026.xlsx"), "--sortie",
                                            str(tmp_path / "sit0"), "--json"]).stdout)
    old = {r["budget_code"]: r for r in before["situation"]["lignes"]}
    assert lines["F-011-6064"]["available"] == old["F-011-6064"]["available"] + 100_000
    assert lines["F-011-6068"]["appropriations"] == old["F-011-6068"]["appropriations"] - 100_000
    assert after["situation"]["total"]["appropriations"] == before["situation"]["total"]["appropriations"]
    assert "VIREMENT_ENTRE_CHAPITRES" not in {a["code"] for a in after["anomalies"]}


def test_transfer_across_chapters_is_flagged_and_needs_confirmation(demo: Path, tmp_path: Path) -> None:
    code, data = _transfer(demo, tmp_path, "F-012-6411", "F-011-6064", "500000")
    assert code == 1 and data["anomalies"][0]["code"] == "VIREMENT_HORS_CHAPITRE_A_CONFIRMER"  # type: ignore[index]
    assert not (tmp_path / "copie" / "Budget_2026.xlsx").exists()
    code, data = _transfer(demo, tmp_path, "F-012-6411", "F-011-6064", "500000", "--confirmer")
    assert code == 0 and data["anomalies"][0]["code"] == "VIREMENT_HORS_CHAPITRE_CONFIRME"  # type: ignore[index]
    assert _journal(tmp_path) == [("virement_a_confirmer", "VIREMENT_HORS_CHAPITRE_A_CONFIRMER"),
                                  ("virement_hors_chapitre_confirme", "VIREMENT_HORS_CHAPITRE_CONFIRME")]
    copy = tmp_path / "copie" / "Budget_2026.xlsx"
    result = runner.invoke(app, ["situation", str(copy), "--sortie", str(tmp_path / "sit"), "--json"])
    flagged = {(a["cell"], a["code"]) for a in json.loads(result.stdout)["anomalies"]}
    assert {("L10", "VIREMENT_ENTRE_CHAPITRES"), ("L2", "VIREMENT_ENTRE_CHAPITRES")} <= flagged


def test_transfer_refusals_are_journaled(demo: Path, tmp_path: Path) -> None:
    code, data = _transfer(demo, tmp_path, "F-011-6156", "F-011-6064", "1000")  # the overcommitted line
    finding = data["anomalies"][0]  # type: ignore[index]
    assert code == 1 and (finding["code"], finding["cell"]) == ("VIREMENT_DISPONIBLE_INSUFFISANT", "R5")
    assert "-200\u202f000" in finding["message"]
    assert _transfer(demo, tmp_path, "F-011-9999", "F-011-6064", "1000")[1]["anomalies"][0]["code"] == \
        "VIREMENT_IMPUTATION_INCONNUE"  # type: ignore[index]
    assert _transfer(demo, tmp_path, "F-011-6064", "f-011-6064", "1000")[1]["anomalies"][0]["code"] == \
        "VIREMENT_MEME_LIGNE"  # type: ignore[index]
    assert _transfer(demo, tmp_path, "F-011-6064", "R-70-7088", "1000")[1]["anomalies"][0]["code"] == \
        "VIREMENT_SENS_DIFFERENT"  # type: ignore[index]
    assert [action for action, _result in _journal(tmp_path)] == ["virement_refuse"] * 4
    assert not (tmp_path / "copie").exists()
    result = runner.invoke(app, ["virer", str(demo / "Budget_2026.xlsx"), "--de", "F-011-6068", "--vers",
                                 "F-011-6064", "--montant", "-5"])
    assert result.exit_code == 1 and "VIREMENT_MONTANT_INVALIDE" in result.stdout


def test_valider_runs_the_budget_checks_on_a_budget_workbook(demo: Path, tmp_path: Path) -> None:
    result = runner.invoke(main_app, ["valider", str(demo / "Budget_2026.xlsx"), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)["fichiers"][0]
    found = {(a["sheet"], a["cell"], a["code"]) for a in report["anomalies"]}
    assert {("Lignes budgétaires", "R5", "LIGNE_SURENGAGEE"), ("Engagements", "E23", "ENGAGEMENT_IMPUTATION_ABSENTE"),
            ("Marchés", "H4", "MARCHE_DEPASSE")} <= found
    assert not any(code == "REGLE_EN_ECHEC" for *_rest, code in found)


def test_commitment_under_a_contract_warns_beyond_its_balance_or_when_unknown(demo: Path, tmp_path: Path) -> None:
    code, data = _engage(demo, tmp_path, "100000", "--marche", "MAR-2025-014")  # balance -200 000
    assert code == 0 and data["accepte"] is True
    found = {(a["code"], a["sheet"], a["cell"]) for a in data["anomalies"]}  # type: ignore[union-attr]
    assert ("ENGAGEMENT_MARCHE_DEPASSE", "Marchés", "N4") in found  # the contract's Solde cell
    message = next(a["message"] for a in data["anomalies"] if a["code"] == "ENGAGEMENT_MARCHE_DEPASSE")  # type: ignore[union-attr]
    assert "solde du marché -200\u202f000" in message and "dépassé de 300\u202f000" in message
    code, data = _engage(demo, tmp_path, "100000", "--marche", "MAR-2026-002")  # 13 500 000 - 12 950 000
    assert [a["code"] for a in data["anomalies"]] == ["ENGAGEMENT_ENREGISTRE"]  # type: ignore[union-attr]
    code, data = _engage(demo, tmp_path, "100000", "--marche", "MAR-2099-001")
    assert "MARCHE_INCONNU" in [a["code"] for a in data["anomalies"]]  # type: ignore[union-attr]


KIND_CODES = {"ligne_surengagee": "LIGNE_SURENGAGEE", "imputation_absente_budget": "ENGAGEMENT_IMPUTATION_ABSENTE",
              "mandats_incoherents": "COHERENCE_MANDATS_LIGNE", "marche_depasse": "MARCHE_DEPASSE",
              "marche_echeance_proche": "MARCHE_ECHEANCE_PROCHE"}


def test_every_planted_budget_anomaly_is_reported_where_the_list_says(demo: Path) -> None:
    outcome = situation(demo / "Budget_2026.xlsx", get_settings(), registers_dir=demo, write=False, today=DEMO_TODAY)
    found = {(f.provenance.file, f.provenance.sheet, f.provenance.row, f.provenance.field, f.code)
             for f in outcome.report.findings}
    planted = [a for a in EXPECTED_ANOMALIES if a.file == "Budget_2026.xlsx"]
    assert {a.kind for a in planted} == set(KIND_CODES)
    for a in planted:
        assert (a.file, a.sheet, a.row, a.field, KIND_CODES[a.kind]) in found, a
    errors = {(f.provenance.sheet, f.provenance.render().rsplit("!", 1)[-1], f.code) for f in outcome.report.findings
              if f.provenance.file == "Budget_2026.xlsx" and f.severity is Severity.ERROR}
    assert errors == {
        ("Lignes budgétaires", "R5", "LIGNE_SURENGAGEE"), ("Engagements", "E23", "ENGAGEMENT_IMPUTATION_ABSENTE"),
        ("Marchés", "H4", "MARCHE_DEPASSE"), ("Lignes budgétaires", "P2", "COHERENCE_MANDATS_LIGNE"),
        ("Mandats", "H77", "COHERENCE_MANDAT_MONTANT"),  # the mandat of the planted line-level gap
        ("Engagements", "G26", "COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT"),  # Lepeu's planted depassement_engagement
    }

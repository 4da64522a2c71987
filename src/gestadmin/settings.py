"""Settings: every value the domain marks as not verified (L) or local lives here, never in code.

Read from environment variables `GESTADMIN_...` (nested with `__`, e.g. `GESTADMIN_DEADLINE__DAYS=30`)
and from a `.env` file in the working directory. Defaults are the embedded demo defaults.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TaxRate(BaseModel):
    """One TGC rate with its validity period (rates change by délibération)."""

    rate: Decimal
    label: str
    valid_from: dt.date = dt.date(2018, 10, 1)
    valid_to: dt.date | None = None


def _default_rates() -> list[TaxRate]:
    return [
        TaxRate(rate=Decimal("0"), label="exonéré"),
        TaxRate(rate=Decimal("0.03"), label="taux réduit 3 %"),
        TaxRate(rate=Decimal("0.06"), label="taux spécifique 6 %"),
        TaxRate(rate=Decimal("0.11"), label="taux normal 11 %"),
        TaxRate(rate=Decimal("0.22"), label="taux supérieur 22 %"),
    ]


class DeadlineSettings(BaseModel):
    """The délai de mandatement (30 days from receipt in NC since 2018)."""

    days: int = 30
    warning_day: int = 20
    mode: Literal["calendaire", "ouvre"] = "calendaire"
    closure_days: list[dt.date] = Field(default_factory=lambda: [dt.date(2026, 1, 2)])
    late_interest_rate: Decimal | None = None  # not verified for NC (L): no default


class InvoiceCheckSettings(BaseModel):
    """Thresholds of the supplier-invoice checklist."""

    near_duplicate_days: int = 7
    mandatory_mentions: list[str] = Field(
        default_factory=lambda: ["invoice_number", "invoice_date", "supplier_name", "ridet", "net_amount",
                                 "tax_rate", "gross_amount", "bank_account"]
    )


class Issuer(BaseModel):
    """Identity printed on issued invoices and letters (the directorate)."""

    name: str = "Direction des ressources – Service des moyens généraux"
    organisation: str = "Gouvernement de la Nouvelle-Calédonie"
    address: str = "8 route des Artifices, Baie de la Moselle"
    postcode: str = "98800"
    city: str = "Nouméa"
    ridet: str = "0123456.001"
    phone: str = "+687 27 00 00"
    email: str = "ressources@example.gouv.nc"
    bank_name: str = "Trésor public – Paierie de Nouvelle-Calédonie"
    rib: str = "14158 01000 00000000000 19"
    iban: str = "FR76 1415 8010 0000 0000 0000 019"
    bic: str = "TRPUFRP1"
    payment_terms_days: int = 30
    signatory: str = "Le chef du service des ressources"


class BudgetSettings(BaseModel):
    """Budget controls."""

    overcommit_mode: Literal["refuser", "avertir"] = "refuser"
    commitment_rate_alert: Decimal = Decimal("0.90")
    complementary_period_end: tuple[int, int] = (1, 31)  # 31 January: NC période complémentaire


class ProcurementSettings(BaseModel):
    """Procurement thresholds and contract alerts (values are local decisions: settings)."""

    thresholds: list[int] = Field(default_factory=lambda: [3_000_000, 10_000_000, 25_000_000])
    approach_ratio: Decimal = Decimal("0.80")
    expiry_alert_days: list[int] = Field(default_factory=lambda: [90, 30])


class RevenueSettings(BaseModel):
    """Revenue billing."""

    default_series: str = "FR"
    number_width: int = 6
    reminder_days: list[int] = Field(default_factory=lambda: [15, 30, 60])
    credit_note_series: str = "AV"  # credit notes get their own gapless series per fiscal year
    exemption_reason: str = "Exonération de TGC"  # Factur-X BT-120 for exempt lines
    pdf_base_url: str = ""  # when set, PDF links written to workbooks are `{pdf_base_url}/{file name}`


class Settings(BaseSettings):
    """All gestadmin settings."""

    model_config = SettingsConfigDict(
        env_prefix="GESTADMIN_", env_nested_delimiter="__", env_file=".env", extra="ignore"
    )

    database_url: str = "sqlite:///gestadmin.sqlite3"
    workbooks_dir: Path = Path("workbooks")
    output_dir: Path = Path("sorties")
    user: str = "gestionnaire"
    tax_rates: list[TaxRate] = Field(default_factory=_default_rates)
    deadline: DeadlineSettings = Field(default_factory=DeadlineSettings)
    invoice_checks: InvoiceCheckSettings = Field(default_factory=InvoiceCheckSettings)
    issuer: Issuer = Field(default_factory=Issuer)
    budget: BudgetSettings = Field(default_factory=BudgetSettings)
    procurement: ProcurementSettings = Field(default_factory=ProcurementSettings)
    revenue: RevenueSettings = Field(default_factory=RevenueSettings)
    # Reader limits (hostile input)
    max_file_bytes: int = 200 * 1024 * 1024
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: int = 200
    max_zip_entries: int = 10_000
    max_cells: int = 50_000_000
    read_timeout_seconds: int = 60
    read_memory_mb: int = 3072

    def rates_on(self, day: dt.date | None = None) -> list[Decimal]:
        """TGC rates valid on a day (today by default)."""
        day = day or dt.date.today()
        return [
            r.rate for r in self.tax_rates if r.valid_from <= day and (r.valid_to is None or day <= r.valid_to)
        ]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings (cached; tests build their own Settings objects instead)."""
    return Settings()

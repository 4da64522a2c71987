"""The export mapping: column names, order and formats of what the finance directorate receives.

Loaded from a TOML file so that the directorate's import format can be matched without code changes.
"""

from __future__ import annotations

import tomllib
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class ExportFormat(StrEnum):
    """How a column is written."""

    TEXT = "texte"
    ID = "identifiant"
    AMOUNT = "montant"
    DATE = "date"
    RATE = "taux"
    INT = "entier"


class ExportColumn(BaseModel):
    """One output column: source field, French header, format."""

    champ: str
    entete: str
    format: ExportFormat = ExportFormat.TEXT


class ExportOptions(BaseModel):
    """File-level options."""

    nom: str = Field(default="Export", min_length=1, max_length=31)  # also the xlsx sheet name
    registre: str = "factures"  # register type whose consolidated rows are exported
    feuille: str = "invoices"  # sheet key of that register (see io/layouts.py)
    separateur: str = Field(default=";", min_length=1, max_length=1)
    decimale: str = Field(default=",", min_length=1, max_length=1)
    format_date: str = "%d/%m/%Y"
    encodage: str = "utf-8-sig"


class ExportMapping(BaseModel):
    """A whole mapping file."""

    export: ExportOptions = Field(default_factory=ExportOptions)
    colonnes: list[ExportColumn]

    @property
    def fields(self) -> list[str]:
        """Source fields in output order."""
        return [c.champ for c in self.colonnes]


def parse_mapping(text: str) -> ExportMapping:
    """Parse TOML text into a mapping (raises tomllib.TOMLDecodeError or pydantic.ValidationError)."""
    data: dict[str, Any] = tomllib.loads(text)
    return ExportMapping.model_validate(data)

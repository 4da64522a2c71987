"""Look of the generated workbooks: number formats, header style, French input help per column kind.

Amounts use `#,##0`: the `,` is Excel's *locale* group separator, so a French Excel or LibreOffice shows
`1 234 567 F` (a literal space in the format code would not group digits correctly).
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from gestadmin.io.layouts import Column, Kind

AMOUNT_FORMAT = '#,##0" F";-#,##0" F";0" F"'
DATE_FORMAT = "dd/mm/yyyy"
RATE_FORMAT = "0 %"
PERCENT_FORMAT = "0.0 %"
TEXT_FORMAT = "@"

_FORMATS: dict[Kind, str] = {
    Kind.AMOUNT: AMOUNT_FORMAT,
    Kind.DATE: DATE_FORMAT,
    Kind.RATE: RATE_FORMAT,
    Kind.PERCENT: PERCENT_FORMAT,
    Kind.INT: "0",
    Kind.NUMBER: "General",
    Kind.TEXT: TEXT_FORMAT,
    Kind.ID: TEXT_FORMAT,
    Kind.CHOICE: TEXT_FORMAT,
}

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
FORMULA_FILL = PatternFill("solid", fgColor="EDEDED")
NOTICE_FONT = Font(italic=True, color="404040")
TITLE_FONT = Font(bold=True, size=12)
THIN_BORDER = Border(bottom=Side(style="thin", color="808080"))
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
TABLE_STYLE = "TableStyleLight9"

_KIND_HELP: dict[Kind, tuple[str, str]] = {
    Kind.DATE: ("Date", "Saisir une date au format JJ/MM/AAAA."),
    Kind.AMOUNT: ("Montant", "Montant en francs CFP, sans décimale."),
    Kind.RATE: ("Taux de TGC", "Choisir le taux dans la liste : 0 % (exonéré), 3 %, 6 %, 11 % ou 22 %."),
    Kind.CHOICE: ("Liste", "Choisir une valeur dans la liste déroulante."),
}
_FIELD_HELP: dict[str, tuple[str, str]] = {
    "ridet": ("RIDET", "7 chiffres (6 pour les anciens), un point, 3 chiffres : 1234567.001"),
    "bank_account": ("RIB / IBAN", "RIB de 23 caractères (banque, guichet, compte, clé) ou IBAN FR76..."),
    "budget_code": ("Imputation", "Choisir l'imputation budgétaire dans la liste (onglet Référentiels)."),
    "commitment_number": ("Engagement", "Numéro de l'engagement (bon de commande, marché) du budget."),
    "registration_number": ("Enregistrement", "Numéro d'ordre unique de la facture dans le registre."),
}


def number_format(kind: Kind) -> str:
    """The number format of a column kind."""
    return _FORMATS[kind]


def input_help(column: Column) -> tuple[str, str] | None:
    """(title, French message) shown when an input cell is selected; None when nothing useful to say."""
    if column.help:
        return (column.header[:32], column.help[:255])
    if column.field in _FIELD_HELP:
        return _FIELD_HELP[column.field]
    return _KIND_HELP.get(column.kind)

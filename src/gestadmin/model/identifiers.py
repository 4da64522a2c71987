"""NC identifiers: RIDET (format only), French RIB (key), IBAN (mod 97, FR and NC prefixes).

Pure functions, no I/O. `check_*` return None when the value is valid, else a short French reason that a
finding or a worksheet formula can show as is; `*_is_valid` are the boolean forms the rules use.
"""

from __future__ import annotations

import re
from functools import lru_cache

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

RIB_LENGTH = 23
_BLANKS = re.compile(r"[\s\u00a0\u202f\-.]+")
_RIDET = re.compile(r"^(\d{6,7})(?:\.(\d{3}))?$")
_RIB = re.compile(r"^(\d{5})(\d{5})([0-9A-Z]{11})(\d{2})$")
# French RIB scheme: A,J=1 B,K,S=2 C,L,T=3 D,M,U=4 E,N,V=5 F,O,W=6 G,P,X=7 H,Q,Y=8 I,R,Z=9 (S starts at 2).
_LETTERS = {c: str(i % 9 + 1) for i, c in enumerate("ABCDEFGHIJKLMNOPQR")} | {
    c: str(i % 8 + 2) for i, c in enumerate("STUVWXYZ")
}
# Countries whose IBAN embeds a French RIB (NC uses the French format; NC, PF, WF are outside SEPA).
_RIB_COUNTRIES = {"FR", "NC", "PF", "WF", "MC"}
OUTSIDE_SEPA = {"NC", "PF", "WF"}


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def normalize_ridet(value: object) -> str | None:
    """`1234567.001` form of a RIDET (`1234567001`, `1 234 567.001`, `123456.001` -> RID padded to 7).

    A bare RID (6 or 7 digits, no establishment) normalises to its 7-digit form; anything else gives None.
    """
    try:
        return _normalize_ridet_cached(value)  # registers repeat the same few hundred RIDET on every row
    except TypeError:  # unhashable value
        return _normalize_ridet(value)


@lru_cache(maxsize=65_536, typed=True)
def _normalize_ridet_cached(value: object) -> str | None:
    return _normalize_ridet(value)


def _normalize_ridet(value: object) -> str | None:
    text = re.sub(r"[\s\u00a0\u202f]+", "", _text(value))
    if "." not in text and text.isdigit() and len(text) in (9, 10):
        text = f"{text[:-3]}.{text[-3:]}"
    match = _RIDET.match(text)
    if match is None:
        return None
    rid, establishment = match.groups()
    return f"{rid.zfill(7)}.{establishment}" if establishment else rid.zfill(7)


def ridet_is_valid(value: object) -> bool:
    """True when the RIDET is well-formed (no public check digit exists: format only)."""
    return normalize_ridet(value) is not None


def compact(value: object) -> str:
    """Bank details without blanks, dots or dashes, upper case (the comparison form)."""
    return _BLANKS.sub("", _text(value)).upper()


def _numerify(text: str) -> int:
    return int("".join(_LETTERS.get(c, c) for c in text))


def rib_key(bank: str, branch: str, account: str) -> str:
    """Two-digit key of a French RIB: 97 - ((89 bank + 15 branch + 3 account) mod 97), letters mapped."""
    total = 89 * _numerify(bank) + 15 * _numerify(branch) + 3 * _numerify(account.upper())
    return f"{97 - total % 97:02d}"


def check_rib(rib: object) -> str | None:
    """None when the 23-character RIB is valid, else why not (French)."""
    text = compact(rib)
    if not text:
        return "RIB vide"
    if len(text) != RIB_LENGTH:
        return f"{RIB_LENGTH} caractères attendus, {len(text)} trouvés"
    match = _RIB.match(text)
    if match is None:
        return "format incorrect (banque 5 chiffres, guichet 5 chiffres, compte 11 caractères, clé 2 chiffres)"
    bank, branch, account, key = match.groups()
    expected = rib_key(bank, branch, account)
    return None if key == expected else f"clé RIB incorrecte ({key} au lieu de {expected})"


def rib_is_valid(rib: object) -> bool:
    """True when the RIB has 23 characters and a correct key."""
    return check_rib(rib) is None


def check_iban(iban: object) -> str | None:
    """None when the IBAN is valid (length per country, mod 97, embedded RIB key for FR/NC), else why not."""
    text = compact(iban)
    if not text:
        return "IBAN vide"
    try:
        parsed = IBAN(text)
    except SchwiftyException as error:
        return _iban_reason(text, error)
    if parsed.country_code in _RIB_COUNTRIES:
        problem = check_rib(parsed.bban)
        if problem is not None:
            return f"RIB contenu dans l'IBAN : {problem}"
    return None


def _iban_reason(text: str, error: SchwiftyException) -> str:
    name = type(error).__name__
    if "Length" in name:
        return f"longueur incorrecte pour le pays {text[:2]} ({len(text)} caractères)"
    if "Checksum" in name:
        return "clé de contrôle IBAN incorrecte (mod 97)"
    if "Country" in name:
        return f"code pays inconnu « {text[:2]} »"
    return "format IBAN incorrect"


def iban_is_valid(iban: object) -> bool:
    """True when `check_iban` finds nothing."""
    return check_iban(iban) is None


def iban_outside_sepa(iban: object) -> bool:
    """True for an NC (or PF, WF) IBAN: valid but outside SEPA, so a warning rather than an error."""
    return compact(iban)[:2] in OUTSIDE_SEPA


def bank_details_key(value: object) -> str:
    """Comparison form of bank details: the 23-character RIB, whether given as a RIB or an FR/NC IBAN."""
    text = compact(value)
    if text[:2].isalpha() and text[:2] in _RIB_COUNTRIES and len(text) == RIB_LENGTH + 4:
        return text[4:]
    return text


def same_bank_details(first: object, second: object) -> bool:
    """True when two bank details designate the same account after normalisation (RIB vs IBAN too)."""
    left, right = bank_details_key(first), bank_details_key(second)
    return bool(left) and left == right

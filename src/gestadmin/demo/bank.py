"""Well-formed (or deliberately broken) identifiers for demo parties: RIDET, French RIB, FR IBAN."""

from __future__ import annotations

import random

# French RIB letter mapping: A,J=1 B,K,S=2 C,L,T=3 D,M,U=4 E,N,V=5 F,O,W=6 G,P,X=7 H,Q,Y=8 I,R,Z=9
_RIB_LETTERS = {c: str(i % 9 + 1) for i, c in enumerate("ABCDEFGHI")}
_RIB_LETTERS |= {c: str(i % 9 + 1) for i, c in enumerate("JKLMNOPQR")}
_RIB_LETTERS |= {c: str(i % 9 + 2) for i, c in enumerate("STUVWXYZ")}

# Codes of the banks present in Nouméa (invented accounts; codes only give the demo a local look).
NC_BANKS: tuple[tuple[str, str], ...] = (
    ("14889", "BNC"),
    ("17499", "BCI"),
    ("18319", "SGCB"),
    ("17939", "BNP Paribas NC"),
    ("14158", "OPT"),
)


def rib_key(bank: str, branch: str, account: str) -> str:
    """Key of a French RIB: 97 - ((89 bank + 15 branch + 3 account) mod 97), letters mapped to digits."""
    digits = "".join(_RIB_LETTERS.get(c, c) for c in account.upper())
    total = 89 * int(bank) + 15 * int(branch) + 3 * int(digits)
    return f"{97 - total % 97:02d}"


def iban_from_rib(rib: str) -> str:
    """FR IBAN of a 23-character RIB, grouped by 4 (`FR76 1488 9...`)."""
    bban = rib.replace(" ", "")
    numeric = "".join(str(int(c, 36)) for c in bban + "FR00")
    check = 98 - int(numeric) % 97
    compact = f"FR{check:02d}{bban}"
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def new_rib(rng: random.Random, with_letter: bool = False) -> tuple[str, str]:
    """(`bank branch account key` with spaces, bank name) with a valid key."""
    bank, name = rng.choice(NC_BANKS)
    branch = f"{rng.randrange(1, 99999):05d}"
    account = f"{rng.randrange(10**9, 10**10):010d}"
    account += rng.choice("ABCDEFGH") if with_letter else str(rng.randrange(10))
    return f"{bank} {branch} {account} {rib_key(bank, branch, account)}", name


def broken_key(rib: str) -> str:
    """The same RIB with a wrong key (the two key digits swapped, or changed when they are equal)."""
    head, key = rib[:-2], rib[-2:]
    wrong = key[::-1] if key[0] != key[1] else f"{(int(key) + 11) % 97:02d}"
    return head + wrong


def new_ridet(rng: random.Random, old: bool = False) -> str:
    """RIDET `1234567.001` (7-digit RID, or 6 for old companies) + 3-digit establishment."""
    rid = f"{rng.randrange(10**5, 10**6):06d}" if old else f"{rng.randrange(10**6, 10**7):07d}"
    return f"{rid}.{rng.choice(('001', '001', '001', '002', '003'))}"

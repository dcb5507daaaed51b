"""Receipt codes: 16 digits a reporter keeps to follow up; only a keyed hash is stored.

The code is derived from the submission's secret (the form's one-time id, or the partner's
Idempotency-Key), so a repeated identical submission (a double click, a retry on a poor
connection) shows the same code again without the code ever being stored.
"""

from __future__ import annotations

from marsad.core.crypto import keyed_hash

CODE_DIGITS = 16


def receipt_code_for(material: str) -> str:
    """16 decimal digits derived from the submission's secret material."""
    number = int(keyed_hash("receipt-code", material), 16) % 10**CODE_DIGITS
    return f"{number:0{CODE_DIGITS}d}"


def receipt_hash(code: str) -> str:
    return keyed_hash("receipt", code)


def format_code(code: str) -> str:
    """``1234 5678 9012 3456`` for reading aloud and copying."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))

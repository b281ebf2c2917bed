"""Which control characters stored text may hold: one rule for the cleaner, the store and the exports.

C0 control characters other than tab, line feed and carriage return, and DEL, carry no wording:
a form feed from a PDF page break, a vertical tab from a Word line break, stray bytes. No Excel
cell may hold most of them (XML 1.0 forbids them), so text that kept one would break every later
export. The module sits outside the layers (like ``errors``) so that ``ingest`` and ``store`` share
the rule without ``store`` importing the readers.
"""

from __future__ import annotations

import re

# A regular-expression character class body (without brackets), for patterns built on it.
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROLS = re.compile(f"[{CONTROL_CHARACTERS}]")
_CARRIAGE_RETURN = re.compile("\r\n?")


def without_controls(text: str) -> str:
    """``text`` with the control characters above removed (tab, LF and CR kept)."""
    return _CONTROLS.sub("", text)


def stored_text(text: str) -> str:
    """Text as the store keeps what a user typed: line breaks as ``\\n``, no other control character but tab."""
    return without_controls(_CARRIAGE_RETURN.sub("\n", text))

"""Qt's own texts in Chinese where Qt's shipped translation lags behind Qt's sources.

Qt 6 gave some labels a keyboard mnemonic (QFileDialog's "&Look in:", "Files of &type:") while
qtbase_zh_CN.qm still holds them without one ("Look in:"), so they showed in English. This
translator, installed after Qt's, looks such a text up without its "&" and puts the mnemonic back
the Chinese way: "查找范围(&L)：".
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

COLONS = ("：", ":")


def with_mnemonic(translated: str, key: str) -> str:
    """``translated`` with ``(&K)`` before its closing colon (or at its end)."""
    mark = f"(&{key.upper()})"
    for colon in COLONS:
        if translated.endswith(colon):
            return translated[: -len(colon)] + mark + "："
    return translated + mark


class MnemonicFallbackTranslator(QTranslator):
    """Translates "&"-marked texts that ``base`` knows only without the mark."""

    def __init__(self, base: QTranslator, parent=None) -> None:
        super().__init__(parent)
        self._base = base

    def isEmpty(self) -> bool:
        return False

    # None is Qt's null string: "not translated here", so Qt asks the next translator (an empty
    # string would be taken as the translation).
    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        position = source.find("&") if source else -1
        if position < 0 or position + 1 >= len(source) or source[position + 1] == "&":
            return None
        plain = source[:position] + source[position + 1:]
        translated = self._base.translate(context, plain, disambiguation, n)
        if not translated or self._base.translate(context, source, disambiguation, n):
            return None  # unknown, or known with its mark: Qt's translator answers
        return with_mnemonic(translated, source[position + 1])

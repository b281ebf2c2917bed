"""Cleaning: web chrome, PDF line breaks and spacing, with a map back to the original text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CleanedText:
    text: str

    def to_original(self, offset: int) -> int:
        return offset  # PLACEHOLDER: implemented by the ingest work (issue 2)


def clean_text(text: str) -> CleanedText:
    return CleanedText(text.replace("\r\n", "\n"))  # PLACEHOLDER

"""The heading outline: 一、 /（一）/ 1. /（1）/ 专栏 / 附件."""

from __future__ import annotations

from gzviewer.parse.records import HeadingRecord


def parse_outline(text: str) -> list[HeadingRecord]:
    return []  # PLACEHOLDER: implemented by the structure work (issue 2)

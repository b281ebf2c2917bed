"""Pieces of text placed on a page (OFD text objects, recognised lines) → the page's lines.

pdfplumber gives the PDF reader whole lines; other laid-out formats give runs of text with
their boxes, in any order. Runs whose middles lie at one height form one line, read left to
right, with a space where a gap wider than a fraction of the line's height separates them (as
pdfplumber splits words). The lines then go through the PDF reader's rules
(``pdf.page_items`` and ``pdf.assemble_pages``).
"""

from __future__ import annotations

from gzviewer.ingest.pdf import TextBox

# Two runs are on one line when their middles are closer than this share of the smaller height.
SAME_LINE_SHARE = 0.5
# A gap wider than this share of the line's height between two runs is a space.
WORD_GAP_SHARE = 0.3


def lines_of_runs(runs: list[TextBox]) -> list[TextBox]:
    """The runs grouped into lines, top to bottom, each line's runs left to right."""
    lines: list[list[TextBox]] = []
    for run in sorted((r for r in runs if r.text.strip()), key=lambda r: ((r.top + r.bottom) / 2, r.x0)):
        middle, height = (run.top + run.bottom) / 2, run.bottom - run.top
        if lines:
            last = lines[-1]
            last_middle = sum((r.top + r.bottom) / 2 for r in last) / len(last)
            last_height = min(r.bottom - r.top for r in last)
            if abs(middle - last_middle) < SAME_LINE_SHARE * max(min(height, last_height), 1e-6):
                last.append(run)
                continue
        lines.append([run])
    return [_joined(sorted(line, key=lambda r: r.x0)) for line in lines]


def _joined(runs: list[TextBox]) -> TextBox:
    height = max(r.bottom - r.top for r in runs)
    text = runs[0].text
    for before, run in zip(runs, runs[1:], strict=False):
        gap = run.x0 - before.x1
        text += (" " if gap > WORD_GAP_SHARE * height else "") + run.text
    return TextBox(text.strip(), min(r.x0 for r in runs), min(r.top for r in runs),
                   max(r.x1 for r in runs), max(r.bottom for r in runs))

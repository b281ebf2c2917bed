"""Scanned PDFs measured on a few pages: the seeds rendered to page images at 200 dpi and read back
by text recognition (``bench/scanned_pdf.py`` measures whole documents; see README).

Needs the recognition extra and pdftoppm (poppler-utils); skipped without them, as in the
default CI install. Each test recognises two pages (about 10 s on two cores).
"""

from __future__ import annotations

import shutil

import pytest

from bench import scanned_pdf
from gzviewer.ingest import ocr

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ocr.ocr_available(), reason="文字识别组件（rapidocr、onnxruntime）未安装"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="未安装 pdftoppm（poppler-utils）"),
]
PAGES = 2


def test_two_scanned_report_pages_read_with_under_one_percent_character_errors(tmp_path):
    measured = scanned_pdf.measure("000", tmp_path, pages=PAGES, floor_pages=1)
    assert measured.pages == PAGES
    assert measured.cer is not None and measured.cer <= scanned_pdf.MAX_CER
    assert measured.targets is not None and measured.targets.false_positives == 0


def test_the_scanned_ruled_table_gives_the_gold_tasks_of_its_first_pages(tmp_path):
    measured = scanned_pdf.measure("004", tmp_path, pages=PAGES, floor_pages=1)
    found, _, total = measured.tasks
    assert total >= 5 and found == total

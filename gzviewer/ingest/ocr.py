"""Text recognition for page images: scanned PDF pages, photos and scans (.png, .jpg, .tif).

rapidocr with onnxruntime on the CPU, offline: its detection and recognition models ship inside
its wheel, nothing is downloaded. Both are an optional extra (``pip install "gzviewer[ocr]"``,
about 340 MB with OpenCV and numpy); without them a clear message says how to add it.

- onnxruntime sends telemetry unless ``ORT_DISABLE_TELEMETRY=1`` is in the environment before
  it is imported: it is set here, before the first import.
- The per-line orientation classifier turned a few upright lines into garbage (measured on seed
  000 at 200 dpi: CER 5.9 % with it, 3.1 % without), so it is off; orientation is decided per
  page instead: a page whose lines score poorly is tried once more upside down and the better
  reading kept.
- Ruled tables are found in the page image and filled with the recognised text
  (``scan_tables``), giving the grids the PDF reader gives for a ruled table.
- Recognised lines go through the PDF reader's layout rules (``pdf.page_items`` and
  ``pdf.assemble_pages``): reading order, wrapped lines, running heads and page numbers.
- Characters recognised with a score below ``LOW_CONFIDENCE`` are listed in
  ``RawDocument.uncertain`` (spans of the text) so a front end can mark them for checking.
- A page takes about 4.5 s on two cores; ``report_page`` gives progress and lets the user stop.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gzviewer.ingest.page_progress import report_page
from gzviewer.ingest.pdf import PageItem, TextBox, assemble_pages, page_items
from gzviewer.ingest.raw import RawDocument
from gzviewer.ingest.text_lines import lines_of_runs

OCR_PACKAGES = ("rapidocr", "onnxruntime")
REASON_NOT_INSTALLED = ("未安装文字识别组件，无法识别扫描件和图片："
                        "请运行 pip install \"gzviewer[ocr]\"，或使用带文字识别的安装包")
LOW_CONFIDENCE = 0.8
# A page whose lines average a lower score than this is read once more, turned upside down.
UPRIGHT_SCORE = 0.7
ENGINE_PARAMS = {
    "Global.use_cls": False,
    "Global.log_level": "error",
    "Global.return_word_box": True,
    "Global.return_single_char_box": True,
    # The default (0.5) dropped short pieces such as "局、" beside a longer one in a table cell.
    "Det.box_thresh": 0.3,
}
# Searching for a recognised line in the assembled text: how far past the last line found.
ALIGN_WINDOW = 400

_engine = None
_engine_lock = threading.Lock()


def ocr_available() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in OCR_PACKAGES)


def packaged_models() -> list[Path]:
    """The model files inside the installed rapidocr package (without importing it)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        return []
    return sorted(p for folder in spec.submodule_search_locations for p in (Path(folder) / "models").glob("*.onnx"))


def _get_engine():
    global _engine
    with _engine_lock:
        if _engine is None:
            os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # before onnxruntime is imported
            from rapidocr import RapidOCR

            _engine = RapidOCR(params=dict(ENGINE_PARAMS))
        return _engine


@dataclass
class RecognisedLine:
    text: str
    box: TextBox
    scores: list[float] = field(default_factory=list)  # one per character of ``text``
    chars: list[tuple[float, float]] = field(default_factory=list)  # each character's left, right


def recognise(image) -> list[RecognisedLine]:
    """The text lines of a PIL image, in pixels; the page turned upside down if that reads better."""
    return recognise_upright(image)[1]


def recognise_upright(image: Any) -> tuple[Any, list[RecognisedLine]]:
    """The image the way up it reads better (as given, or turned upside down) and its lines."""
    lines = _recognise_once(image)
    if lines and _mean_score(lines) < UPRIGHT_SCORE:
        turned_image = image.rotate(180)
        turned = _recognise_once(turned_image)
        if _mean_score(turned) > _mean_score(lines):
            return turned_image, turned
    return image, lines


def _recognise_once(image) -> list[RecognisedLine]:
    import numpy

    result = _get_engine()(numpy.asarray(image.convert("RGB")))
    if result.boxes is None or result.txts is None:
        return []
    words = result.word_results or [()] * len(result.txts)
    lines = []
    for box, text, score, chars in zip(result.boxes, result.txts, result.scores, words, strict=False):
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        per_char = bool(chars) and "".join(c[0] for c in chars) == text
        scores = [float(c[1]) for c in chars] if per_char else [float(score)] * len(text)
        lines.append(RecognisedLine(text, TextBox(text, min(xs), min(ys), max(xs), max(ys)), scores,
                                    _char_spans(chars) if per_char else []))
    return lines


def _char_spans(chars) -> list[tuple[float, float]]:
    """Each character's left and right edge, where the engine gave its box."""
    spans = []
    for char in chars:
        box = char[2] if len(char) > 2 else None
        if box is None or len(box) == 0:
            return []
        spans.append((min(float(p[0]) for p in box), max(float(p[0]) for p in box)))
    return spans


def _mean_score(lines: list[RecognisedLine]) -> float:
    scores = [s for line in lines for s in line.scores]
    return sum(scores) / len(scores) if scores else 0.0


@dataclass
class RecognisedPage:
    items: list[PageItem]
    lines: list[RecognisedLine]


def recognise_pages(images: Sequence[Callable[[], object]], scale: float = 1.0) -> list[RecognisedPage]:
    """Recognise each page (a function giving its PIL image), reporting progress before each.

    Coordinates are divided by ``scale`` (pixels per unit of the other pages of the document).
    """
    from gzviewer.ingest.scan_tables import TextPiece, ruled_tables  # numpy: only with the extra

    pages = []
    for index, image_of in enumerate(images):
        report_page(index, len(images))
        image, lines = recognise_upright(image_of())
        tables, outside = ruled_tables(image, [TextPiece(line.box, line.chars) for line in lines])
        for line in lines:
            line.box = _scaled(line.box, scale)
        boxes = [_scaled(piece.box, scale) for piece in outside]
        pages.append(RecognisedPage(page_items(lines_of_runs(boxes), image.height / scale,
                                               [(found.top / scale, found.table) for found in tables]),
                                    lines))
    report_page(len(images), len(images))
    return pages


def _scaled(box: TextBox, scale: float) -> TextBox:
    return TextBox(box.text, box.x0 / scale, box.top / scale, box.x1 / scale, box.bottom / scale)


def uncertain_spans(text: str, lines: list[RecognisedLine], threshold: float = LOW_CONFIDENCE) -> list[tuple[int, int]]:
    """Spans of ``text`` holding characters recognised with a score below ``threshold``.

    Lines are found in order in the assembled text (which joined wrapped lines and dropped page
    numbers); a line not found near where the previous one ended is skipped.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for line in lines:
        weak = [i for i, score in enumerate(line.scores) if score < threshold]
        at = text.find(line.text, cursor, cursor + len(line.text) + ALIGN_WINDOW)
        if at < 0:
            continue
        cursor = at + len(line.text)
        spans.extend((at + i, at + i + 1) for i in weak)
    return spans


def recognised_document(source_name: str, format: str, pages: list[list[PageItem]],
                        lines: list[RecognisedLine]) -> RawDocument:
    document = assemble_pages(source_name, format, pages)
    document.recognised = True
    document.uncertain = uncertain_spans(document.text, lines)
    return document

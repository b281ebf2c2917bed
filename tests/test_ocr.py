"""Text recognition of scans and photos.

One real recognition runs (a small scanned page, about two seconds) when the optional OCR
packages are installed (``pip install "gzviewer[ocr]"``); it is skipped otherwise. The rest
(layout, progress, cancel, low-confidence spans, the message without OCR) run everywhere with
a stand-in recogniser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from gzviewer.errors import DocumentReadError
from gzviewer.ingest import ocr, read_document
from gzviewer.ingest.page_progress import ReadingCancelled, reporting_pages
from gzviewer.ingest.pdf import TextBox
from tests.test_no_network import no_network  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
LINES = ["一、2021年主要工作安排", "地区生产总值增长6%以上，一般公共预算收入增长5%。"]
NEEDS_OCR = pytest.mark.skipif(not ocr.ocr_available(), reason="文字识别组件（rapidocr、onnxruntime）未安装")


def page_image(lines: list[str] = LINES, size: int = 44) -> Image.Image:
    font = ImageFont.truetype(str(FONT), size)
    image = Image.new("L", (1400, 120 + 2 * size * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((100, 60 + 2 * size * i), line, font=font, fill=0)
    return image


def scanned_pdf(images: list[Image.Image], path: Path) -> Path:
    """An image-only PDF, as a scanner writes it (Pillow's PDF writer: one picture per page)."""
    images[0].save(path, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return path


@NEEDS_OCR
def test_a_scanned_page_is_recognised_offline(tmp_path, request):
    # Importing rapidocr imports urllib3 (for its model downloader, never called), which probes
    # IPv6 support with a loopback socket at import time: the engine is loaded first, and the
    # recognition itself runs with every socket forbidden.
    ocr._get_engine()
    assert os.environ.get("ORT_DISABLE_TELEMETRY") == "1"  # set before onnxruntime was imported
    attempts = request.getfixturevalue("no_network")
    path = scanned_pdf([page_image()], tmp_path / "scan.pdf")
    document = read_document(path)
    assert document.recognised and document.format == "pdf"
    assert document.text.split("\n") == LINES
    assert attempts == []


class FakeEngine:
    """Stands in for rapidocr: every picture reads as ``lines``, one per 80 pixels."""

    def __init__(self, lines: list[str], weak: str = "") -> None:
        self.lines, self.weak, self.calls = lines, weak, 0

    def recognise(self, image) -> tuple[object, list[ocr.RecognisedLine]]:
        self.calls += 1
        return image, [ocr.RecognisedLine(line, TextBox(line, 60, 40 + 80 * i, 60 + 40 * len(line), 80 + 80 * i),
                                   [0.3 if char in self.weak else 0.99 for char in line])
                for i, line in enumerate(self.lines)]


@pytest.fixture
def fake_engine(monkeypatch):
    engine = FakeEngine(LINES, weak="预")
    monkeypatch.setattr(ocr, "recognise_upright", engine.recognise)
    monkeypatch.setattr(ocr, "ocr_available", lambda: True)
    return engine


def test_a_photo_is_read_through_the_layout_rules(tmp_path, fake_engine):
    path = tmp_path / "photo.png"
    page_image().save(path)
    document = read_document(path)
    assert (document.format, document.recognised) == ("image", True)
    assert document.text == "\n".join(LINES)
    assert [document.text[a:b] for a, b in document.uncertain] == ["预"]


def test_every_page_of_a_tiff_and_of_a_scanned_pdf_is_recognised(tmp_path, fake_engine):
    pages = [page_image(), page_image()]
    pages[0].save(tmp_path / "pages.tif", save_all=True, append_images=pages[1:])
    assert read_document(tmp_path / "pages.tif").text.count(LINES[0]) == 2
    assert read_document(scanned_pdf(pages, tmp_path / "scan.pdf")).text.count(LINES[0]) == 2
    assert fake_engine.calls == 4


def test_progress_per_page_and_stopping(tmp_path, fake_engine):
    path = scanned_pdf([page_image()] * 3, tmp_path / "scan.pdf")
    seen = []
    with reporting_pages(lambda done, total: seen.append((done, total))):
        read_document(path)
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]

    def stop_at_second(done, total):
        if done == 1:
            raise RuntimeError("用户停止")

    with reporting_pages(stop_at_second), pytest.raises(ReadingCancelled):
        read_document(path)
    assert fake_engine.calls == 3 + 1


def test_without_ocr_a_scan_gets_a_message_saying_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    for path in (scanned_pdf([page_image()], tmp_path / "scan.pdf"), tmp_path / "photo.jpg"):
        if path.suffix == ".jpg":
            page_image().save(path)
        with pytest.raises(DocumentReadError) as info:
            read_document(path)
        assert "pip install \"gzviewer[ocr]\"" in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(("name", "data"), [
    ("broken.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
    ("text.jpg", "不是图片".encode()),
])
def test_broken_images_give_one_line_messages(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentReadError) as info:
        read_document(path)
    assert info.value.reason == "文件已损坏或不是有效的图片"


def test_a_huge_image_is_refused_before_decoding(tmp_path, fake_engine, monkeypatch):
    from gzviewer.ingest import images

    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    path = tmp_path / "huge.png"
    page_image().save(path)
    with pytest.raises(DocumentReadError) as info:
        read_document(path)
    assert "图片过大" in info.value.reason and fake_engine.calls == 0


def test_an_import_shows_each_page_and_stops_between_pages(monkeypatch, tmp_path):
    from gzviewer.ingest.page_progress import report_page
    from gzviewer.ui import importing
    from gzviewer.ui.workers import JobCancelled

    def recognising_import(database, paths):
        for page in range(3):
            report_page(page, 3)
        return []

    monkeypatch.setattr(importing, "import_files", recognising_import)
    messages = []
    importing.import_one_by_one(None, [tmp_path / "scan.pdf"], lambda done, total, text: messages.append(text))
    assert "正在识别 scan.pdf 的文字：第 3/3 页（文件 1/1）" in messages

    def stop_on_page_two(done, total, text):
        if "第 2/3 页" in text:
            raise JobCancelled

    with pytest.raises(JobCancelled):
        importing.import_one_by_one(None, [tmp_path / "scan.pdf"], stop_on_page_two)

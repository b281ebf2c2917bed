"""Word 97–2003 (.doc), WPS Writer (.wps) and WPS spreadsheet (.et) files.

The .doc fixtures in tests/data were written by LibreOffice 7.4 (an independent tool) and are
kept gzip-compressed:

    soffice --headless --convert-to doc:"MS Word 97" 000.txt 002.txt 004.txt 004_table.docx

where NNN.txt are the seeds as shipped in resources/samples and 004_table.docx is the gold
table as ``tests/test_tasktable._write_docx`` writes it (section rows merged across, lead
units merged down over runs of tasks). WPS Writer saves .wps in the same binary format; no
WPS is available here, so the .wps cases are those files under a .wps name.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import olefile
import pytest

from gzviewer.errors import DocumentReadError
from gzviewer.ingest import read_document, word97
from gzviewer.parse.pipeline import extract_file
from tests.conftest import load_gold, seed_path
from tests.test_tasktable import _assert_matches_gold, _write_docx

DATA = Path(__file__).parent / "data"
XLS_TABLE = DATA / "004_table.xls"


def unpacked(name: str, folder: Path, suffix: str = ".doc") -> Path:
    path = folder / f"{name}{suffix}"
    path.write_bytes(gzip.decompress((DATA / f"{name}.doc.gz").read_bytes()))
    return path


def read_error(path: Path) -> str:
    with pytest.raises(DocumentReadError) as info:
        read_document(path)
    assert path.name in str(info.value) and "\n" not in str(info.value)
    return info.value.reason


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_a_report_saved_as_doc_reads_as_its_text(tmp_path, seed):
    raw = read_document(unpacked(seed, tmp_path))
    assert raw.format == "doc" and not raw.tables
    assert raw.text == seed_path(seed).read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("seed", ["000", "002"])
def test_a_report_saved_as_doc_gives_the_same_outline_and_targets(tmp_path, seed):
    from_text, from_doc = extract_file(seed_path(seed)), extract_file(unpacked(seed, tmp_path))
    assert [(h.level, h.title) for h in from_doc.outline] == [(h.level, h.title) for h in from_text.outline]
    assert sorted((t.indicator, t.value, t.unit, t.kind) for t in from_doc.targets) == sorted(
        (t.indicator, t.value, t.unit, t.kind) for t in from_text.targets)


def test_the_notice_saved_as_doc_gives_the_gold_tasks(tmp_path):
    _assert_matches_gold(extract_file(unpacked("004", tmp_path)).tasks, load_gold("004_tasks.json"), exact=True)


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_the_gold_table_as_a_word_97_table_gives_the_gold_tasks(tmp_path, suffix):
    gold = load_gold("004_tasks.json")
    path = unpacked("004_table", tmp_path, suffix)
    raw = read_document(path)
    assert raw.format == suffix[1:]
    _assert_matches_gold(extract_file(path).tasks, gold, exact=True)


def test_merged_cells_come_out_as_the_docx_reader_gives_them(tmp_path):
    gold = load_gold("004_tasks.json")
    _write_docx(gold, tmp_path / "table.docx")
    from_docx = read_document(tmp_path / "table.docx")
    from_doc = read_document(unpacked("004_table", tmp_path))
    assert from_doc.tables == from_docx.tables
    assert from_doc.text == from_docx.text


def test_a_wps_that_is_really_a_docx_is_read_as_one(tmp_path):
    _write_docx(load_gold("004_tasks.json"), tmp_path / "notice.wps")
    raw = read_document(tmp_path / "notice.wps")
    assert raw.format == "docx" and raw.tables


def test_an_et_workbook_goes_through_the_xls_reader(tmp_path):
    path = tmp_path / "004_table.et"
    path.write_bytes(XLS_TABLE.read_bytes())
    assert read_document(path).format == "xls"
    _assert_matches_gold(extract_file(path).tasks, load_gold("004_tasks.json"), exact=True)


def test_a_web_page_saved_as_doc_is_read_as_a_page(tmp_path):
    path = tmp_path / "page.doc"
    path.write_text("<html><body><p>广州市人民政府工作报告</p><p>现在，我代表市人民政府报告工作。</p></body></html>",
                    encoding="utf-8")
    raw = read_document(path)
    assert raw.format == "html" and "我代表市人民政府" in raw.text


def test_an_ole_file_of_another_kind_gets_a_clear_message(tmp_path):
    path = tmp_path / "sheet.doc"
    path.write_bytes(XLS_TABLE.read_bytes())
    assert read_error(path) == "这是一个表格文件（Excel/WPS表格），请将扩展名改为 .xls 后再导入"
    path = unpacked("000", tmp_path, ".et")
    assert read_error(path) == "这是一个文字文档（Word/WPS文字），请将扩展名改为 .doc 后再导入"


def test_an_encrypted_doc_is_refused(tmp_path):
    path = unpacked("000", tmp_path)
    ole = olefile.OleFileIO(str(path))
    fib = bytearray(ole.openstream("WordDocument").read(64))
    ole.close()
    data = path.read_bytes()
    at = data.find(bytes(fib[:32]))
    flags = struct.unpack_from("<H", fib, 0x0A)[0] | word97.F_ENCRYPTED
    patched = data[:at + 0x0A] + struct.pack("<H", flags) + data[at + 0x0C:]
    path.write_bytes(patched)
    assert read_error(path) == word97.REASON_ENCRYPTED


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("old.doc", b"\xd0\xcf\x11\xe0 old word", "文件已损坏或不是有效的Word文档"),
    ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "文件已损坏或不是有效的WPS文字文档"),
    ("letter.doc", b"{\\rtf1\\ansi hello}", "这是RTF格式的文件，无法直接读取，请在 Word 或 WPS 中另存为 .docx 后再导入"),
    ("text.doc", "这其实是一个文本文件".encode(), "文件已损坏或不是有效的Word文档"),
    ("sheet.et", b"garbage", "文件已损坏或不是有效的WPS表格文件"),
])
def test_bad_legacy_files_give_one_line_messages(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    assert read_error(path) == reason


def test_a_truncated_doc_gives_a_message_not_a_traceback(tmp_path):
    data = unpacked("004_table", tmp_path).read_bytes()
    for cut in (600, 5_000, len(data) // 3, len(data) // 2, len(data) - 700):
        path = tmp_path / f"cut{cut}.doc"
        path.write_bytes(data[:cut])
        with pytest.raises(DocumentReadError) as info:
            read_document(path)
        assert "\n" not in str(info.value)


def test_a_damaged_word_stream_gives_a_message_or_text(tmp_path):
    """Bytes overwritten inside the streams: either some text or the one-line message."""
    import random

    data = unpacked("004_table", tmp_path).read_bytes()
    generator = random.Random(17)
    for attempt in range(30):
        damaged = bytearray(data)
        for _ in range(20):
            at = generator.randrange(512, len(damaged))
            damaged[at] = generator.randrange(256)
        path = tmp_path / f"damaged{attempt}.doc"
        path.write_bytes(bytes(damaged))
        try:
            read_document(path)
        except DocumentReadError as exc:
            assert "\n" not in str(exc)

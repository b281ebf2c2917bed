"""OFD files (GB/T 33190) read as the pages they show.

No OFD writer that keeps text as text objects and follows the standard could be installed here
(the ones on the package registry draw glyph outlines, or write text under another namespace),
so the files are written by ``write_ofd`` below to the standard: OFD.xml → Doc_0/Document.xml
→ Doc_0/Pages/Page_N/Content.xml, with the font in Doc_0/PublicRes.xml, and each line a
TextObject whose TextCode has X, Y and DeltaX (millimetres, y down the page). The seeds are laid
out by the same typesetter as the PDF variants (tests/test_pdf_variants.py), so a seed's OFD must
read like its text: same outline and targets, and the gold 280 tasks for seed 004.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from gzviewer.errors import DocumentReadError
from gzviewer.ingest import read_document
from gzviewer.parse.pipeline import extract_file
from tests.conftest import load_gold, seed_path
from tests.test_pdf_variants import typeset
from tests.test_tasktable import _assert_matches_gold

NS = "http://www.ofdspec.org/2016"
MM_PER_POINT = 25.4 / 72
PAGE_W, PAGE_H = 210.0, 297.0
SIZE = 12 * MM_PER_POINT  # the typesetter's 12 pt


def _delta_x(text: str, size: float) -> str:
    advances = [size * (0.5 if char.isascii() else 1.0) for char in text[:-1]]
    if advances and len(set(advances)) == 1:
        return f"g {len(advances)} {advances[0]:.3f}"
    return " ".join(f"{a:.3f}" for a in advances)


def text_object(ident: int, x: float, baseline: float, text: str, size: float = SIZE) -> str:
    width = sum(size * (0.5 if char.isascii() else 1.0) for char in text)
    return (f'<ofd:TextObject ID="{ident}" Boundary="{x:.3f} {baseline - size:.3f} {width:.3f} {size * 1.2:.3f}" '
            f'Font="2" Size="{size:.3f}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size:.3f}" DeltaX="{_delta_x(text, size)}">{escape(text)}</ofd:TextCode>'
            f"</ofd:TextObject>")


def write_ofd(pages: list[list[tuple[float, float, str]]], path: Path, namespace: str = NS,
              extra_parts: dict[str, str] | None = None) -> Path:
    """An OFD of ``pages``: lines as (x mm, baseline y mm from the top, text)."""
    ident = 10
    page_refs, parts = [], {}
    for number, lines in enumerate(pages):
        objects = []
        for x, y, text in lines:
            ident += 1
            objects.append(text_object(ident, x, y, text))
        ident += 1
        parts[f"Doc_0/Pages/Page_{number}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{namespace}"><ofd:Content>'
            f'<ofd:Layer ID="{ident}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
        page_refs.append(f'<ofd:Page ID="{number + 1}" BaseLoc="Pages/Page_{number}/Content.xml"/>')
    parts["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{namespace}" Version="1.0" DocType="OFD">'
        f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>0123456789abcdef</ofd:DocID><ofd:Title>测试</ofd:Title>"
        f"</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    parts["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{namespace}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{ident}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W} {PAGE_H}"
        f"</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f'<ofd:Pages>{"".join(page_refs)}</ofd:Pages></ofd:Document>')
    parts["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{namespace}" BaseLoc="Res"><ofd:Fonts>'
        f'<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    parts.update(extra_parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml.encode("utf-8"))
    return path


def typeset_ofd(text: str, path: Path) -> Path:
    """``text`` laid out as the PDF variants are, in millimetres from the top of the page."""
    pages = [[(x * MM_PER_POINT, PAGE_H - y * MM_PER_POINT, line) for x, y, line in lines]
             for lines in typeset(text)]
    return write_ofd(pages, path)


def test_a_small_ofd_reads_in_reading_order(tmp_path):
    lines = [(30, 60, "第二行在下面。"), (30, 40, "广州市人民政府工作报告"), (30, 50, "第一行，")]
    raw = read_document(write_ofd([lines, [(30, 40, "第二页。")]], tmp_path / "small.ofd"))
    assert raw.format == "ofd"
    assert raw.text == "广州市人民政府工作报告\n第一行，\n第二行在下面。\n第二页。"


def test_runs_on_one_baseline_make_one_line(tmp_path):
    size = SIZE
    lines = [(30 + 4 * size, 40, "人民政府"), (30, 40, "广州市"), (30, 40 + 2 * size, "下一行。")]
    raw = read_document(write_ofd([lines], tmp_path / "runs.ofd"))
    assert "广州市" in raw.text.split("\n")[0] and "人民政府" in raw.text.split("\n")[0]


def test_a_writer_with_another_namespace_is_read_too(tmp_path):
    path = write_ofd([[(30, 40, "广州市人民政府工作报告")]], tmp_path / "other.ofd",
                     namespace="http://www.example.com/ofd")
    assert "广州市人民政府工作报告" in read_document(path).text


@pytest.mark.parametrize("seed", ["000", "002"])
def test_a_report_as_ofd_gives_the_same_outline_and_targets(tmp_path, seed):
    path = typeset_ofd(seed_path(seed).read_text(encoding="utf-8"), tmp_path / f"{seed}.ofd")
    from_text, from_ofd = extract_file(seed_path(seed)), extract_file(path)
    assert [(h.level, h.title) for h in from_ofd.outline] == [(h.level, h.title) for h in from_text.outline]
    assert sorted((t.indicator, t.value, t.unit, t.kind) for t in from_ofd.targets) == sorted(
        (t.indicator, t.value, t.unit, t.kind) for t in from_text.targets)


def test_the_notice_as_ofd_gives_the_gold_tasks(tmp_path):
    path = typeset_ofd(seed_path("004").read_text(encoding="utf-8"), tmp_path / "004.ofd")
    _assert_matches_gold(extract_file(path).tasks, load_gold("004_tasks.json"), exact=True)


def read_error(path: Path) -> str:
    with pytest.raises(DocumentReadError) as info:
        read_document(path)
    assert "\n" not in str(info.value)
    return info.value.reason


def test_glyph_outlines_without_text_objects_get_a_clear_message(tmp_path):
    path = write_ofd([[]], tmp_path / "outlines.ofd")
    assert read_error(path) == "OFD文件中没有文字对象（可能是扫描件，或文字已转为图形）"


@pytest.mark.parametrize(("name", "data"), [
    ("garbage.ofd", b"PK\x03\x04 not a zip"),
    ("text.ofd", "这不是OFD文件".encode()),
])
def test_broken_ofd_files_give_one_line_messages(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert read_error(path) == "文件已损坏或不是有效的OFD文件"


def test_a_zip_without_ofd_parts_is_refused(tmp_path):
    path = tmp_path / "other.ofd"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert read_error(path) == "文件已损坏或不是有效的OFD文件"


def test_an_entity_declaration_is_refused(tmp_path):
    evil = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="1"><ofd:TextObject ID="2" '
            'Boundary="0 0 100 10" Size="4"><ofd:TextCode X="0" Y="4">&x;</ofd:TextCode>'
            "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>")
    path = write_ofd([[(30, 40, "正文")]], tmp_path / "xxe.ofd", extra_parts={"Doc_0/Pages/Page_0/Content.xml": evil})
    assert "DOCTYPE" in read_error(path)

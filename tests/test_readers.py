"""Readers: every supported format from small fixtures built here, and every kind of bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from gzviewer.errors import DocumentReadError
from gzviewer.ingest import package, read_document
from gzviewer.ingest.cleaner import clean_text
from gzviewer.ingest.pdf import blank_lines, line_advance

SIMPLIFIED = "广州市人民政府工作报告\n今年全市地区生产总值预期增长6%左右，城镇新增就业20万人以上。\n"
TRADITIONAL = "廣州市人民政府工作報告\n今年全市地區生產總值預期增長6%左右，城鎮新增就業20萬人以上。\n"


def build_pdf(pages: list[list[tuple[int, int, str]]], cjk: bool = False,
              rules: list[tuple[int, int, int, int]] = ()) -> bytes:
    """A minimal PDF with a text layer: ``(x, y, text)`` per line, 12pt, A4.

    Latin text uses Helvetica; Chinese text a non-embedded Adobe-GB1 font (UniGB-UCS2-H),
    which pdfminer maps back to Unicode, with Latin letters and digits half as wide as a hanzi
    (as in real Chinese fonts). ``rules`` are line segments drawn on every page.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    if cjk:
        descriptor = add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 "
                         b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                         b"/CapHeight 880 /StemV 80 >>")
        cid = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
                  b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R "
                  b"/DW 1000 /W [1 [%s]] >>" % (descriptor, b" ".join([b"500"] * 95)))
        font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
                   b"/DescendantFonts [%d 0 R] >>" % cid)
    else:
        font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    tree = add(b"")
    kids = []
    for lines in pages:
        ops = [b"%d %d m %d %d l S" % rule for rule in rules]
        for x, y, text in lines:
            shown = (b"<" + text.encode("utf-16-be").hex().encode() + b">") if cjk else (
                b"(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
                + b")")
            ops.append(b"BT /F1 12 Tf %d %d Td " % (x, y) + shown + b" Tj ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (tree, font, content)))
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % tree)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, xref)
    return bytes(out)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read_error(path: Path) -> str:
    with pytest.raises(DocumentReadError) as info:
        read_document(path)
    message = str(info.value)
    assert path.name in message and "\n" not in message
    return info.value.reason


# --- plain text ---------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "text"), [
    ("utf-8", SIMPLIFIED),
    ("utf-8-sig", SIMPLIFIED),
    ("gb18030", SIMPLIFIED),
    ("gbk", SIMPLIFIED),
    ("big5", TRADITIONAL),
    ("utf-16", SIMPLIFIED),  # Python writes a byte-order mark
    ("utf-16-be", "\ufeff" + SIMPLIFIED),
])
def test_txt_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    document = read_document(write(tmp_path, "doc.txt", text.encode(encoding)))
    assert document.format == "txt"
    assert document.text == text.lstrip("\ufeff")
    assert document.tables == []


@pytest.mark.parametrize("text", ["测试", "广州", "增长6%", "报告。"])
def test_short_gbk_text_is_not_misdetected(tmp_path: Path, text: str) -> None:
    assert read_document(write(tmp_path, "short.txt", text.encode("gbk"))).text == text


def test_txt_newlines_are_normalised(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "crlf.txt", "第一行\r\n第二行\r第三行\n".encode("gb18030")))
    assert document.text == "第一行\n第二行\n第三行\n"


def test_seed_reads_as_utf8() -> None:
    from tests.conftest import seed_path

    document = read_document(seed_path("000"))
    assert document.source_name.startswith("000_") and "广州市人民政府工作报告" in document.text


# --- Word ---------------------------------------------------------------------------------

def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("2021年市政府工作报告部署工作责任分工")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["序号", "重点工作", "牵头单位"], ["1", "加快建设科技创新轴。", "市科技局"],
                             ["2", "筹建国家实验室。", "x"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 0).merge(table.cell(0, 1)).text = "序号及工作"  # horizontal merge
    table.cell(1, 2).merge(table.cell(2, 2)).text = "市科技局"  # vertical merge
    document.add_paragraph("广州市人民政府")
    document.save(path)
    return path


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = read_document(make_docx(tmp_path / "分工.docx"))
    assert document.format == "docx"
    assert document.tables == [[
        ["序号及工作", "序号及工作", "牵头单位"],
        ["1", "加快建设科技创新轴。", "市科技局"],
        ["2", "筹建国家实验室。", "市科技局"],
    ]]
    lines = [line for line in document.text.split("\n") if line]
    assert lines[0] == "2021年市政府工作报告部署工作责任分工"
    assert lines[-1] == "广州市人民政府"
    # One cell per line; the horizontally merged cell once, the vertical one in each row.
    assert lines[1:-1] == ["序号及工作", "牵头单位", "1", "加快建设科技创新轴。", "市科技局",
                           "2", "筹建国家实验室。", "市科技局"]


def test_docx_cell_paragraphs_stay_in_one_line_of_text(tmp_path: Path) -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 1)
    cell.text = "市发展改革委"
    cell.add_paragraph("市财政局")
    document.save(tmp_path / "cells.docx")
    raw = read_document(tmp_path / "cells.docx")
    assert raw.tables == [[["", "市发展改革委\n市财政局"]]]
    assert "市发展改革委 市财政局" in raw.text.split("\n")


def docx_bytes_with(part: str, xml: bytes, source: Path) -> bytes:
    """A copy of the .docx at ``source`` with one part replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info, xml if info.filename == part else original.read(info))
    return out.getvalue()


def test_docx_with_xxe_doctype_is_refused(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "source.docx")
    with zipfile.ZipFile(source) as original:
        body = original.read("word/document.xml")
    hostile = body.replace(
        b"?>", b'?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1)
    path = write(tmp_path, "xxe.docx", docx_bytes_with("word/document.xml", hostile, source))
    assert "DOCTYPE" in read_error(path)


def test_zip_bomb_disguised_as_docx_is_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    assert "zip炸弹" in read_error(write(tmp_path, "bomb.docx", out.getvalue()))


def test_oversized_package_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "MAX_TOTAL_UNCOMPRESSED", 10_000)
    source = make_docx(tmp_path / "big.docx")
    assert "200MB" in read_error(source)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("corrupt.docx", b"PK\x03\x04 this is not really a zip archive", "文件已损坏或不是有效的Word文档"),
    ("text.docx", "这其实是一个文本文件".encode(), "文件已损坏或不是有效的Word文档"),
    ("corrupt.xlsx", b"PK\x03\x04garbage", "文件已损坏或不是有效的Excel文件"),
    ("corrupt.pdf", b"%PDF-1.4\n garbage without objects", "文件已损坏或不是有效的PDF文件"),
    ("fake.pdf", b"<html>not a pdf</html>", "文件已损坏或不是有效的PDF文件"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "不是文本文件"),
    ("controls.txt", bytes(range(1, 32)) * 20, "不是文本文件"),
    ("binary.html", b"\x00\x01\x02<html>", "不是文本文件"),
    ("empty.txt", b"", "文件为空"),
    ("blank.txt", b"  \r\n\t\n   ", "文件为空"),
    ("blank16.txt", "\u3000 \n".encode("utf-16"), "文件为空"),
    ("empty.docx", b"", "文件为空"),
    ("plan.xyz", b"some content", "不支持的文件类型（.xyz）"),
    ("locked.docx", package.OLE_MAGIC + b"encrypted package", "文件已加密或是旧版Office格式，请另存为.docx后再导入"),
    ("old.xlsx", package.OLE_MAGIC + b"BIFF8 workbook", "文件已加密或是旧版Office格式，请另存为.xlsx后再导入"),
    ("old.doc", b"\xd0\xcf\x11\xe0 old word", "文件已损坏或不是有效的Word文档"),
])
def test_bad_input_gives_one_line_chinese_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    assert read_error(write(tmp_path, name, data)) == reason


def test_xlsx_renamed_to_docx_is_not_a_word_document(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "表格"
    workbook.save(tmp_path / "sheet.docx")
    assert read_error(tmp_path / "sheet.docx") == "文件已损坏或不是有效的Word文档"


def test_library_failure_becomes_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzviewer.ingest as ingest

    def broken_reader(path: Path, data: bytes):
        raise IndexError("deep inside a parser")

    monkeypatch.setitem(ingest.READERS, ".pdf", broken_reader)
    assert read_error(write(tmp_path, "odd.pdf", b"%PDF-1.4")) == "文件已损坏或格式无法识别"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert read_error(tmp_path / "missing.txt") == "文件不存在"
    (tmp_path / "folder.txt").mkdir()
    assert "文件夹" in read_error(tmp_path / "folder.txt")


# --- HTML ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>页面标题</title>
<style>p {{ color: red }}</style><script>var tracker = "统计代码";</script></head>
<body><div class="nav">首页 政务公开 互动交流</div><header>广州市人民政府门户网站</header>
<div id="zoom"><h1>广州市人民政府工作报告</h1>
<p>现在，我代表市人民政府，
向大会报告政府工作。</p><p>第二段<br>第三段 <b>加粗</b>文字。</p>
<table border="1"><tr><th colspan="2">重点工作</th><th>牵头单位</th></tr>
<tr><td rowspan="2">1</td><td>加快建设科技创新轴。</td><td>市科技局</td></tr>
<tr><td>筹建国家实验室。</td><td>市发展改革委</td></tr></table>
<!-- 注释 --><noscript>请启用脚本</noscript></div>
<footer>版权所有：广州市人民政府办公厅</footer></body></html>"""


def test_html_main_text_and_tables(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "page.html", PAGE.format().encode("gbk")))
    assert document.format == "html"
    lines = document.text.split("\n")
    assert "广州市人民政府工作报告" in lines
    assert "现在，我代表市人民政府，向大会报告政府工作。" in lines  # source line break inside hanzi
    assert "第二段" in lines and "第三段 加粗文字。" in lines
    for furniture in ("统计代码", "首页", "门户网站", "版权所有", "注释", "请启用脚本", "color"):
        assert furniture not in document.text
    assert document.tables == [[
        ["重点工作", "重点工作", "牵头单位"],
        ["1", "加快建设科技创新轴。", "市科技局"],
        ["1", "筹建国家实验室。", "市发展改革委"],
    ]]
    assert lines.count("重点工作") == 1  # a colspan cell is written once in the text


def test_html_without_declared_charset_is_detected(tmp_path: Path) -> None:
    page = "<html><body><p>广州市人民政府关于印发实施方案的通知</p></body></html>"
    document = read_document(write(tmp_path, "page.htm", page.encode("gb18030")))
    assert document.text == "广州市人民政府关于印发实施方案的通知"


# --- PDF ----------------------------------------------------------------------------------

def test_pdf_running_headers_and_page_numbers_are_removed(tmp_path: Path) -> None:
    pages = [[(72, 810, "Guangzhou Development Report"), (72, 700, f"Body text of page {n} goes here."),
              (72, 680, "It has two lines."), (280, 30, f"- {n} -" if n % 2 else f"Page {n} of 4")]
             for n in range(1, 5)]
    document = read_document(write(tmp_path, "report.pdf", build_pdf(pages)))
    assert document.format == "pdf"
    assert document.text.split("\n") == [
        line for n in range(1, 5) for line in (f"Body text of page {n} goes here.", "It has two lines.")]


def test_pdf_empty_lines_come_back_from_the_space_between_lines(tmp_path: Path) -> None:
    """A text printed to PDF keeps its empty lines as space: one cell per paragraph stays apart."""
    advance = 20
    layout = [(0, "Row 1"), (2, "First cell of row one, which is long"), (3, "and wraps."),
              (5, "Second cell"), (8, "Row 2")]
    pages = [[(72, 780 - advance * step, text) for step, text in layout]]
    document = read_document(write(tmp_path, "table.pdf", build_pdf(pages)))
    assert document.text.split("\n") == ["Row 1", "", "First cell of row one, which is long", "and wraps.",
                                         "", "Second cell", "", "", "Row 2"]


def test_pdf_lone_number_at_a_page_edge_is_kept_unless_it_numbers_the_pages(tmp_path: Path) -> None:
    """Page numbers go up with the pages; a task number a page break left at the bottom does not."""
    pages = [[(72, 700, f"Text of page {n}."), (280, 30, str(n + 4))] for n in range(1, 5)]
    pages[2].append((72, 60, "17"))  # a row number that ended up at the foot of page 3
    document = read_document(write(tmp_path, "numbers.pdf", build_pdf(pages)))
    lines = [line for line in document.text.split("\n") if line]
    assert lines == ["Text of page 1.", "Text of page 2.", "Text of page 3.", "17", "Text of page 4."]


def test_blank_lines_between_tops_of_lines() -> None:
    assert blank_lines([100.0, 120.0, 160.0, 161.0, 240.0], 20.0) == [0, 0, 1, 0, 3]
    assert blank_lines([100.0, 130.0], 0.0) == [0, 0]
    assert line_advance([100.0, 100.5, 120.0, 180.0], [12.0, 12.0, 12.0, 12.0]) == 19.5


def test_pdf_chinese_broken_lines_are_rejoined_by_the_cleaner(tmp_path: Path) -> None:
    body = ["一、总体要求", "今年全市地区生产总值预期增长6%左右，城镇新增就业",
            "20万人以上，居民消费价格涨幅控制在3%左右。全力做好各", "项工作，确保完成全年目标任务。"]
    pages = [[(72, 810, "广州市人民政府文件")] + [(72, 700 - 20 * i, line) for i, line in enumerate(body)]
             + [(280, 30, f"第{n}页")] for n in range(1, 5)]
    document = read_document(write(tmp_path, "plan.pdf", build_pdf(pages, cjk=True)))
    assert "广州市人民政府文件" not in document.text and "第1页" not in document.text
    cleaned = clean_text(document.text).text.split("\n")
    assert cleaned[:2] == ["一、总体要求", "今年全市地区生产总值预期增长6%左右，城镇新增就业20万人以上，"
                           "居民消费价格涨幅控制在3%左右。全力做好各项工作，确保完成全年目标任务。"]


def test_pdf_ruled_table_goes_to_tables(tmp_path: Path) -> None:
    rules = [(72, 700, 372, 700), (72, 670, 372, 670), (72, 640, 372, 640),
             (72, 640, 72, 700), (222, 640, 222, 700), (372, 640, 372, 700)]
    page = [(72, 760, "Task list"), (80, 680, "No"), (230, 680, "Unit"), (80, 650, "1"), (230, 650, "Science")]
    document = read_document(write(tmp_path, "table.pdf", build_pdf([page], rules=rules)))
    assert document.tables == [[["No", "Unit"], ["1", "Science"]]]
    assert document.text.split("\n") == ["Task list", "No", "", "Unit", "", "", "1", "", "Science"]


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", build_pdf([[], []], rules=[(10, 10, 100, 100)]))
    assert read_error(path) == "PDF没有文字层（可能是扫描件）"


# --- Excel --------------------------------------------------------------------------------

def test_xlsx_sheets_with_merged_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "分工"
    sheet["B2"], sheet["C2"], sheet["D2"] = "序号", "重点工作", "牵头单位"
    sheet["B3"], sheet["C3"], sheet["D3"] = 1, "加快建设科技创新轴。", "市科技局"
    sheet["B4"], sheet["C4"] = 2, "筹建国家实验室。"
    sheet.merge_cells("D3:D4")
    sheet["B5"] = "合计"
    sheet.merge_cells("B5:D5")
    other = workbook.create_sheet("说明")
    other["A1"] = "本表由市政府办公厅汇总"
    workbook.create_sheet("空表")
    workbook.save(tmp_path / "分工.xlsx")
    document = read_document(tmp_path / "分工.xlsx")
    assert document.format == "xlsx"
    assert document.tables == [
        [["序号", "重点工作", "牵头单位"], ["1", "加快建设科技创新轴。", "市科技局"],
         ["2", "筹建国家实验室。", "市科技局"], ["合计", "合计", "合计"]],
        [["本表由市政府办公厅汇总"]],
    ]
    lines = [line for line in document.text.split("\n") if line]
    assert lines[:2] == ["分工", "序号"]
    assert lines.count("合计") == 1 and lines.count("市科技局") == 2
    assert lines[-2:] == ["说明", "本表由市政府办公厅汇总"]


# --- web page saved as one file (.mht / .mhtml) ---------------------------------------------------

CHROME_MHTML = """From: <Saved by Blink>
Snapshot-Content-Location: https://www.gz.gov.cn/zwgk/report.html
Subject: =?utf-8?Q?=E5=B9=BF=E5=B7=9E?=
MIME-Version: 1.0
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="----MultipartBoundary--abc----"

------MultipartBoundary--abc----
Content-Type: text/html
Content-ID: <frame-1@mhtml.blink>
Content-Transfer-Encoding: quoted-printable
Content-Location: https://www.gz.gov.cn/zwgk/report.html

<html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3DU=
TF-8"></head><body><div class=3D"breadcrumb">=E9=A6=96=E9=A1=B5</div><p>{title}=
</p><p>{body}</p></body></html>
------MultipartBoundary--abc----
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-Location: https://www.gz.gov.cn/logo.png

iVBORw0KGgo=
------MultipartBoundary--abc------
"""


def _quoted(text: str) -> str:
    return "".join(f"={b:02X}" for b in text.encode("utf-8"))


def test_a_page_saved_by_the_browser_as_one_file_is_read(tmp_path: Path) -> None:
    saved = CHROME_MHTML.format(title=_quoted("广州市人民政府工作报告"),
                                body=_quoted("今年全市地区生产总值预期增长6%左右。"))
    document = read_document(write(tmp_path, "报告.mhtml", saved.encode("ascii")))
    assert document.format == "mhtml"
    assert document.text.split("\n") == ["广州市人民政府工作报告", "今年全市地区生产总值预期增长6%左右。"]


def test_a_saved_page_without_a_page_in_it_is_a_clear_error(tmp_path: Path) -> None:
    only_picture = "MIME-Version: 1.0\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
    with pytest.raises(DocumentReadError, match="网页存档.*text/html") as caught:
        read_document(write(tmp_path, "坏.mht", only_picture.encode("ascii")))
    assert "坏.mht" in str(caught.value) and "\n" not in str(caught.value)

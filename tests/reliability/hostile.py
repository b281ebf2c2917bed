"""Hostile and broken input files, built in a temporary folder for the reliability tests.

The formats of issue 17 (.doc, .wps, .et, .ofd, .png, .jpg, .tif) have their cases in
``hostile_formats.py``: truncated and empty files, OLE files with a huge claimed stream, a sector
loop or a directory loop, OFD zip bombs, deep XML, huge or thousand-times-repeated pages, and
images declaring billions of pixels or hundreds of pages; huge files are written as holes.

Every case says what a safe importer must do with it: import it (``IMPORTS``), refuse it with
a one-line message containing ``reason`` (``REFUSED``), or either (``EITHER``: a truncated PDF
may still hold readable pages). Run as ``python -m tests.reliability.hostile DB_FILE FILE...``
to import each file in its own process (forked from a warm one, so jieba loads once) and print,
per file, the outcome, elapsed time, peak memory and a digest of the store before and after.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import resource
import select
import signal
import sqlite3
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl

from tests.reliability import hostile_formats

IMPORTS = "imports"
REFUSED = "refused"
EITHER = "either"

PASSWD = "/etc/passwd"
# A line every /etc/passwd has; if it shows up anywhere, an external entity was resolved.
PASSWD_MARKER = "root:x:0:0"
SCRIPT_MARKER = "恶意脚本内容"
STYLE_MARKER = "样式表内容"
BIG_TEXT_MB = 50
BOMB_MEMBER_MB = 512
ROOT_ELEMENT = re.compile(rb"<[A-Za-z]")
REASON_EMPTY = "文件为空"
REASON_WORD = "不是有效的Word文档"
REASON_EXCEL = "不是有效的Excel文件"
REASON_PDF = "不是有效的PDF文件"
REASON_NOT_TEXT = "不是文本文件"
REASON_DTD = "DOCTYPE"
REASON_BOMB = "压缩"
REASON_TOO_BIG = "文件过大"

# A small plan document: title, sections, a target and a responsibility bracket.
PLAN_LINES = (
    "广州市某区2021年重点工作安排",
    "一、稳定经济增长",
    "（一）扩大有效投资。全年完成固定资产投资增长8%以上。",
    "（二）促进消费升级。新增5G基站2000座（区科技局牵头，区财政局配合）。",
    "二、改善民生",
    "（一）办好民生实事。新增公办幼儿园学位3000个。",
)
PLAN_TEXT = "\n".join(PLAN_LINES) + "\n"


@dataclass(frozen=True)
class HostileCase:
    name: str  # file name as written to disk (may be unusual on purpose)
    data: bytes
    expect: str  # IMPORTS | REFUSED | EITHER
    reason: str = ""  # part of the refusal reason, when REFUSED
    forbidden: tuple[str, ...] = ()  # text that must never reach the store or the message


def _docx_bytes(lines: tuple[str, ...] = PLAN_LINES) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("序号", "重点工作", "牵头单位"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1", "推进城市更新。", "市住房城乡建设局"), strict=True):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["序号", "重点工作", "牵头单位", "配合单位"])
    sheet.append([1, "推进城市更新。", "市住房城乡建设局", "各区政府"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _pdf_bytes() -> bytes:
    from tests.test_readers import build_pdf

    return build_pdf([[(72, 760 - 24 * i, line) for i, line in enumerate(PLAN_LINES)]], cjk=True)


def _replace_part(package: bytes, part: str, transform: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as original, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            body = original.read(info)
            copy.writestr(info, transform(body) if info.filename == part else body)
    return out.getvalue()


def _with_external_entity(root_tag: bytes, reference_into: bytes) -> Callable[[bytes], bytes]:
    """Declare ``&xxe;`` as the contents of /etc/passwd and use it inside ``reference_into``."""
    doctype = b'<!DOCTYPE %s [<!ENTITY xxe SYSTEM "file://%s">]>' % (root_tag, PASSWD.encode())

    def transform(body: bytes) -> bytes:
        root = ROOT_ELEMENT.search(body)
        body = body[: root.start()] + doctype + b"\n" + body[root.start():]
        return body.replace(reference_into, reference_into + b"&xxe;", 1)

    return transform


def _zip_bomb() -> bytes:
    """A .docx-looking zip whose document part inflates to BOMB_MEMBER_MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(BOMB_MEMBER_MB):
                member.write(chunk)
    return out.getvalue()


def _many_small_bombs() -> bytes:
    """Many members, each just under the ratio check's size, adding up to a large inflation."""
    out = io.BytesIO()
    member = b"<w:t>" + b"a" * (1024 * 1024 - 16) + b"</w:t>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for i in range(150):
            bomb.writestr(f"word/media/part{i}.xml", member)
    return out.getvalue()


HOSTILE_HTML = f"""<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{PASSWD}">]>
<html><head><title>广州市重点工作</title>
<script>document.write("{SCRIPT_MARKER}1");</script>
<style>body {{ content: "{STYLE_MARKER}"; }}</style></head>
<body onload="alert('{SCRIPT_MARKER}2')">
<SCRIPT type="text/javascript">var a = "{SCRIPT_MARKER}3";</SCRIPT>
<div id="content"><h1>广州市某区2021年重点工作安排</h1>
<p>一、稳定经济增长</p>
<p>（一）扩大有效投资。全年完成固定资产投资增长8%以上。&xxe;</p>
<script type="text/template"><p>{SCRIPT_MARKER}4</p></script>
<noscript>{SCRIPT_MARKER}5</noscript>
<template><p>{SCRIPT_MARKER}6</p></template>
<svg><script>{SCRIPT_MARKER}7</script></svg>
<iframe srcdoc="<script>{SCRIPT_MARKER}8</script>"></iframe>
<p>二、改善民生</p>
<p>（一）办好民生实事。新增公办幼儿园学位3000个。<a href="javascript:alert(1)">链接</a></p>
<table><tr><td>序号</td><td>重点工作</td><td>牵头单位</td></tr>
<tr><td>1</td><td>推进城市更新。<script>{SCRIPT_MARKER}9</script></td><td>市住房城乡建设局</td></tr></table>
</div><script>{SCRIPT_MARKER}10</script></body></html>
"""

# Every cell spans as far as the reader allows: the expanded grid would hold billions of cells.
SPAN_BOMB_HTML = ("<html><body><p>广州市重点工作安排</p><table>"
                  + ("<tr>" + '<td rowspan="100000" colspan="100000">单元格</td>' * 200 + "</tr>") * 50
                  + "</table></body></html>")

DEEP_HTML = "<html><body>" + "<div>" * 100_000 + "广州市重点工作" + "</div>" * 100_000 + "</body></html>"


# Control characters inside lines (a PDF page break, a Word line break, stray bytes), in a plan
# of its own year so that it stays a document of its own; none may reach an exported cell.
CONTROL_TEXT = (PLAN_TEXT.replace("2021年", "2022年").replace("。新增5G", "。\x0b新增5G")
                .replace("（区科技局", "\x0c（区科技局").replace("，区财政局", "，\x01区财政局")
                .replace("增长8%", "增长\x1a8%"))
CONTROL_TASK = "推进旧村改造。"  # the task of CONTROL_HTML, without its control characters
# Padded: a text file may hold at most 1 % control characters before it is taken for binary.
CONTROL_HTML = ("<html><head><!--" + " " * 1000 + "--></head><body><p>广州市某区2023年重点工作安排</p><table>"
                "<tr><td>序号</td><td>重点工作</td><td>牵头单位</td></tr>"
                "<tr><td>1</td><td>推进\x01旧村\x1f改造\x7f。</td><td>市住房城乡\x02建设局</td></tr>"
                "</table></body></html>")


def _binary_blobs() -> dict[str, bytes]:
    rng = random.Random(20210101)
    return {
        "random.txt": rng.randbytes(64 * 1024),
        "image.txt": b"\x89PNG\r\n\x1a\n" + rng.randbytes(4096),
        "program.txt": b"\x7fELF\x02\x01\x01" + bytes(9) + rng.randbytes(8192),
        "word.txt": _docx_bytes(),
        "sqlite.txt": b"SQLite format 3\x00" + bytes(4080),
    }


UNUSUAL_NAMES = (
    "2021年 重点 工作 安排.txt",
    "重点工作🚀📄安排.txt",
    "“引号”'单引号'\"双引号\".txt",
    "-leading-dash 重点工作.txt",
    "--help.txt",
    "广州市" * 25 + ".txt",  # 75 hanzi: 229 bytes, near the 255-byte limit of most file systems
    "tab\tand;semicolon&amp$dollar`tick`.txt",
    "..dots...txt",
    "反斜杠\\名字.txt",
    "name with\nnewline.txt",
)


def build_cases() -> list[HostileCase]:
    """Every hostile case except the large ones (the big text file and the zip bombs)."""
    good_docx, good_xlsx, good_pdf = _docx_bytes(), _xlsx_bytes(), _pdf_bytes()
    cases = [
        HostileCase(f"empty{suffix}", b"", REFUSED, REASON_EMPTY)
        for suffix in (".docx", ".xlsx", ".pdf", ".txt", ".html")
    ]
    for cut in (0.5, 0.9, 0.1):
        cases.append(HostileCase(f"truncated{int(cut * 100)}.docx", good_docx[: int(len(good_docx) * cut)],
                                 REFUSED, REASON_WORD))
        cases.append(HostileCase(f"truncated{int(cut * 100)}.xlsx", good_xlsx[: int(len(good_xlsx) * cut)],
                                 REFUSED, REASON_EXCEL))
        cases.append(HostileCase(f"truncated{int(cut * 100)}.pdf", good_pdf[: int(len(good_pdf) * cut)],
                                 EITHER, REASON_PDF))
    cases.append(HostileCase("header-only.pdf", b"%PDF-1.7\n", REFUSED, REASON_PDF))
    cases.append(HostileCase("xxe.docx", _replace_part(good_docx, "word/document.xml",
                                                       _with_external_entity(b"w:document", b"<w:t>")),
                             REFUSED, REASON_DTD, (PASSWD_MARKER,)))
    cases.append(HostileCase("xxe-styles.docx", _replace_part(good_docx, "word/styles.xml",
                                                              _with_external_entity(b"w:styles", b"<w:style ")),
                             REFUSED, REASON_DTD, (PASSWD_MARKER,)))
    cases.append(HostileCase("xxe.xlsx", _replace_part(good_xlsx, "xl/workbook.xml",
                                                       _with_external_entity(b"workbook", b"<workbookPr")),
                             REFUSED, REASON_DTD, (PASSWD_MARKER,)))
    cases.append(HostileCase("xxe-sheet.xlsx", _replace_part(good_xlsx, "xl/worksheets/sheet1.xml",
                                                             _with_external_entity(b"worksheet", b"<v>")),
                             REFUSED, REASON_DTD, (PASSWD_MARKER,)))
    cases.append(HostileCase("undefined-entity.xlsx", _replace_part(
        good_xlsx, "xl/worksheets/sheet1.xml", lambda body: body.replace(b"<v>", b"<v>&xxe;", 1)),
        REFUSED, REASON_EXCEL))
    cases.append(HostileCase("undefined-entity.docx", _replace_part(
        good_docx, "word/document.xml", lambda body: body.replace(b"<w:t>", b"<w:t>&xxe;", 1)),
        REFUSED, REASON_WORD))
    cases.append(HostileCase("scripts.html", HOSTILE_HTML.encode("utf-8"), IMPORTS, "",
                             (SCRIPT_MARKER, STYLE_MARKER, PASSWD_MARKER, "javascript")))
    cases.append(HostileCase("control-characters.txt", CONTROL_TEXT.encode("utf-8"), IMPORTS))
    cases.append(HostileCase("control-characters.html", CONTROL_HTML.encode("utf-8"), IMPORTS))
    cases.append(HostileCase("span-bomb.html", SPAN_BOMB_HTML.encode("utf-8"), EITHER))
    cases.append(HostileCase("deep.html", DEEP_HTML.encode("utf-8"), EITHER))
    cases += [HostileCase(name, data, REFUSED, REASON_NOT_TEXT) for name, data in _binary_blobs().items()]
    for i, name in enumerate(UNUSUAL_NAMES):
        # Distinct content per file, so that each import is a new document.
        cases.append(HostileCase(name, (PLAN_TEXT + f"（第{i + 1}稿）\n").encode("utf-8"), IMPORTS))
    cases.append(HostileCase("name with\nnewline and empty.txt", b"", REFUSED, REASON_EMPTY))
    cases += hostile_formats.format_cases(HostileCase, REFUSED, EITHER, REASON_EMPTY, REASON_DTD, REASON_BOMB,
                                          PASSWD_MARKER)
    return cases


def write_case(folder: Path, case: HostileCase) -> Path:
    path = folder / case.name
    path.write_bytes(case.data)
    return path


def write_big_text(path: Path, megabytes: int = BIG_TEXT_MB) -> Path:
    """A plausible report repeated to ``megabytes`` MB of UTF-8, written in chunks."""
    block = (PLAN_TEXT * 200).encode("utf-8")
    with path.open("wb") as out:
        for _ in range(megabytes * 1024 * 1024 // len(block) + 1):
            out.write(block)
    return path


def large_cases() -> list[HostileCase]:
    """The zip bombs (built in memory; the big text file is written by ``write_big_text``)."""
    return [HostileCase("bomb.docx", _zip_bomb(), REFUSED, REASON_BOMB),
            HostileCase("many-parts.docx", _many_small_bombs(), REFUSED, ""),
            *hostile_formats.large_format_cases(HostileCase, REFUSED, REASON_BOMB)]


# Files whose size alone must refuse them, written as holes (no disk space, no time).
SPARSE_CASES = {"huge.doc": 210, "huge.tif": 210, "huge.ofd": 210}


def write_sparse_cases(folder: Path) -> list[HostileCase]:
    for name, megabytes in SPARSE_CASES.items():
        hostile_formats.write_sparse(folder / name, megabytes)
    return [HostileCase(name, b"", REFUSED, REASON_TOO_BIG) for name in SPARSE_CASES]


CASE_TIMEOUT_SECONDS = 180


def store_digest(db_path: Path) -> str:
    """A digest of every row and schema object of the SQLite file at ``db_path``."""
    with sqlite3.connect(db_path) as conn:
        digest = hashlib.sha256()
        for statement in conn.iterdump():
            digest.update(statement.encode("utf-8"))
    conn.close()
    return digest.hexdigest()


def _warm_up() -> None:
    """Load the store, the parser, jieba's dictionaries and the unit directory once, before
    forking: each child then spends its time on its file only."""
    from gzviewer.store.database import open_database
    from gzviewer.store.importer import import_files

    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'warm.sqlite3'}")
        import_files(db, [write_case(Path(folder), HostileCase("warm.txt", PLAN_TEXT.encode("utf-8"), IMPORTS))])
        db.dispose()


def _import_in_child(db_url: str, path: str, report: int) -> None:
    """Runs in the forked child: import one file, write the outcome to ``report`` and exit."""
    from gzviewer.store.database import open_database
    from gzviewer.store.importer import import_files

    outcome: dict = {}
    try:
        db = open_database(db_url)
        start = time.perf_counter()
        result = import_files(db, [path])[0]
        outcome["seconds"] = time.perf_counter() - start
        db.dispose()
        outcome.update(error=result.error, status=result.outcome.status if result.outcome else None)
    except BaseException as exc:  # noqa: BLE001 - the test must see any escape, not a silent child
        outcome["crash"] = f"{type(exc).__name__}: {exc}"
    # Peak resident memory of this child since the fork (the warm parent's pages included).
    outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    os.write(report, json.dumps(outcome, ensure_ascii=False).encode("utf-8"))
    os._exit(0)


def _wait_for_child(pid: int, report: int, timeout: float) -> dict:
    ready, _, _ = select.select([report], [], [], timeout)
    if not ready:
        os.kill(pid, signal.SIGKILL)
    chunks = []
    while ready and (chunk := os.read(report, 1 << 16)):
        chunks.append(chunk)
    os.close(report)
    _, status = os.waitpid(pid, 0)
    if not ready:
        return {"timeout": True}
    outcome = json.loads(b"".join(chunks) or b"{}")
    outcome["exit_status"] = status
    return outcome


def import_each_in_a_child(db_url: str, db_path: Path, paths: list[str],
                           timeout: float = CASE_TIMEOUT_SECONDS) -> list[dict]:
    """Import each file in a fresh child forked from a warm process, one after another.

    Every outcome holds the error or status, the child's elapsed seconds and peak memory, and
    a digest of the store before and after that file.
    """
    _warm_up()
    outcomes = []
    for path in paths:
        before = store_digest(db_path)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _import_in_child(db_url, path, write_end)
        os.close(write_end)
        outcome = _wait_for_child(pid, read_end, timeout)
        outcome.update(path=path, store_before=before, store_after=store_digest(db_path))
        outcomes.append(outcome)
    return outcomes


if __name__ == "__main__":
    # python -m tests.reliability.hostile DB_FILE FILE...: one JSON line per file.
    database_file = Path(sys.argv[1])
    for result in import_each_in_a_child(f"sqlite:///{database_file}", database_file, sys.argv[2:]):
        print(json.dumps(result, ensure_ascii=False), flush=True)

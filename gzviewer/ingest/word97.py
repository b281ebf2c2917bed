"""Word 97–2003 binary documents (.doc, and .wps from WPS Writer) → RawDocument, without Word.

The container is an OLE compound file (olefile). Inside it, the ``WordDocument`` stream starts
with the File Information Block (FIB), which says where the main text ends (``ccpText``) and
where, in the table stream (``0Table``/``1Table``), the piece table (CLX) and the paragraph
properties (PlcBtePapx) are. The piece table maps character positions to runs of text stored
as UTF-16 or as one byte per character. Paragraphs end with a carriage return; a table cell
ends with a cell mark (``\\x07``), and a row ends with one more cell mark whose paragraph
properties say "table terminating paragraph" (sprmPFTtp) and carry the row's cell layout
(sprmTDefTable: column edges and merge flags). From these the grid is rebuilt the way
python-docx presents a .docx table: a cell spanning columns is repeated in each, a cell merged
down repeats the text of the cell it continues. Field codes are dropped and their results kept.

Only the main text is read (not headers, footnotes or text boxes), as the .docx reader does.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.raw import RawDocument, Table
from gzviewer.ingest.tables import render_table

REASON_CORRUPT = "文件已损坏或不是有效的Word 97-2003文档"
REASON_ENCRYPTED = "Word文档已加密，无法读取"
REASON_TOO_OLD = "Word 6.0/95 或更早版本的文档无法读取，请在 Word 或 WPS 中另存为 .docx 后再导入"

WORD_IDENT = 0xA5EC
NFIB_WORD97_LOWEST = 0x00C0  # Word 6/95 write 101–105; Word 97 and later (and WPS) 0xC1 and up
F_ENCRYPTED = 0x0100
F_WHICH_TABLE_STREAM = 0x0200
FIB_BASE_SIZE = 32
CCP_TEXT_INDEX = 3  # in FibRgLw97
FC_PLCF_BTE_PAPX_INDEX = 13  # pairs (fc, lcb) in FibRgFcLcb97
FC_CLX_INDEX = 33
CLXT_PRC, CLXT_PCDT = 0x01, 0x02
PCD_SIZE = 8
F_COMPRESSED = 0x40000000
FC_MASK = 0x3FFFFFFF
FKP_PAGE = 512
BX_PAP_SIZE = 13
MAX_PIECES = 1_000_000

# Paragraph and table property modifiers (sprms) this reader looks at.
SPRM_P_F_IN_TABLE = 0x2416
SPRM_P_F_TTP = 0x2417
SPRM_P_ITAP = 0x6649
SPRM_P_F_INNER_TTP = 0x244C
SPRM_T_DEF_TABLE = 0xD608
SPRM_T_VERT_MERGE = 0xD62B
SPRM_P_CHG_TABS = 0xC615
OPERAND_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by spra; 6 is variable
TC80_SIZE = 20
HORZ_CONTINUES = 1  # TC80 horzMerge: this cell is merged into the one on its left
VERT_CONTINUES = 1  # TC80/sprmTVertMerge vertMerge: this cell is merged into the one above
GRID_TOLERANCE = 15  # twips: column edges this close are one grid line

PARAGRAPH_END, CELL_MARK, PAGE_BREAK, LINE_BREAK = "\r", "\x07", "\x0c", "\x0b"
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
# Special characters with no text: pictures, drawn objects, footnote and comment anchors, soft hyphens.
DROPPED = dict.fromkeys(map(ord, "\x00\x01\x02\x03\x04\x05\x06\x08\x1f"))
REPLACED = {0x1E: "-", 0x0B: "\n", 0x0C: "", 0x09: "\t", 0xA0: "\u00a0"}
# The eight-bit pieces use Windows-1252, with these positions mapped as the format defines.
CP1252_GAPS = {0x81: "\u0081", 0x8D: "\u008d", 0x8F: "\u008f", 0x90: "\u0090", 0x9D: "\u009d"}


class WordFormatError(ValueError):
    """Raised inside the parser; ``str(exc)`` is a Chinese reason (or empty for "corrupt")."""


@dataclass
class _Paragraph:
    text: str
    end: str  # the mark that ends it: PARAGRAPH_END, CELL_MARK or PAGE_BREAK
    in_table: bool = False
    row_end: bool = False
    depth: int = 0
    edges: list[int] = field(default_factory=list)  # column edges of a row (row-end paragraph)
    horizontal: list[int] = field(default_factory=list)  # TC80 horzMerge per cell
    vertical: list[int] = field(default_factory=list)  # vertMerge per cell


def read_word97(path: Path, ole) -> RawDocument:
    """Read the Word binary document in the open olefile ``ole`` (it has a WordDocument stream)."""
    try:
        paragraphs = _paragraphs(ole)
    except WordFormatError as exc:
        raise DocumentReadError(path, str(exc) or REASON_CORRUPT) from exc
    except (struct.error, IndexError, ValueError, OSError, EOFError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    blocks, tables = _blocks(paragraphs)
    return RawDocument(path.name, "doc", "\n".join(blocks), tables)


# --- the streams ---------------------------------------------------------------------------------

def _paragraphs(ole) -> list[_Paragraph]:
    word = ole.openstream("WordDocument").read()
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident != WORD_IDENT:
        raise WordFormatError()
    if nfib < NFIB_WORD97_LOWEST:
        raise WordFormatError(REASON_TOO_OLD)
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & F_ENCRYPTED:
        raise WordFormatError(REASON_ENCRYPTED)
    table_name = "1Table" if flags & F_WHICH_TABLE_STREAM else "0Table"
    if not ole.exists(table_name):
        raise WordFormatError()
    table = ole.openstream(table_name).read()
    ccp_text, pairs = _fib(word)
    fc_clx, lcb_clx = pairs[FC_CLX_INDEX]
    pieces = _pieces(table[fc_clx:fc_clx + lcb_clx])
    chars, fcs = _main_text(word, pieces, ccp_text)
    properties = _PapxIndex(word, table, *pairs[FC_PLCF_BTE_PAPX_INDEX])
    return _split_paragraphs(chars, fcs, properties)


def _fib(word: bytes) -> tuple[int, list[tuple[int, int]]]:
    """ccpText and the (fc, lcb) pairs of the FIB."""
    offset = FIB_BASE_SIZE
    csw = struct.unpack_from("<H", word, offset)[0]
    offset += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, offset)[0]
    rg_lw = offset + 2
    if cslw <= CCP_TEXT_INDEX:
        raise WordFormatError()
    ccp_text = struct.unpack_from("<i", word, rg_lw + 4 * CCP_TEXT_INDEX)[0]
    offset = rg_lw + 4 * cslw
    count = struct.unpack_from("<H", word, offset)[0]
    if count <= FC_CLX_INDEX or ccp_text < 0:
        raise WordFormatError()
    pairs = [struct.unpack_from("<II", word, offset + 2 + 8 * i) for i in range(count)]
    return ccp_text, pairs


@dataclass
class _Piece:
    cp_start: int
    cp_end: int
    fc: int  # byte offset in WordDocument
    compressed: bool


def _pieces(clx: bytes) -> list[_Piece]:
    """The piece table (PlcPcd) from the CLX, skipping the property runs (Prc) before it."""
    offset = 0
    while offset < len(clx) and clx[offset] == CLXT_PRC:
        offset += 3 + struct.unpack_from("<h", clx, offset + 1)[0]
    if offset >= len(clx) or clx[offset] != CLXT_PCDT:
        raise WordFormatError()
    size = struct.unpack_from("<I", clx, offset + 1)[0]
    plc = clx[offset + 5:offset + 5 + size]
    count = (len(plc) - 4) // (4 + PCD_SIZE)
    if count <= 0 or count > MAX_PIECES:
        raise WordFormatError()
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces = []
    for i in range(count):
        fc_value = struct.unpack_from("<I", plc, 4 * (count + 1) + PCD_SIZE * i + 2)[0]
        compressed = bool(fc_value & F_COMPRESSED)
        fc = fc_value & FC_MASK
        pieces.append(_Piece(cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed))
    return pieces


def _main_text(word: bytes, pieces: list[_Piece], ccp_text: int) -> tuple[str, list[int]]:
    """The characters of the main document (CPs 0 … ccpText) and the stream offset of each."""
    parts: list[str] = []
    fcs: list[int] = []
    for piece in pieces:
        start, end = max(piece.cp_start, 0), min(piece.cp_end, ccp_text)
        if start >= end:
            continue
        count = end - start
        width = 1 if piece.compressed else 2
        first = piece.fc + width * (start - piece.cp_start)
        raw = word[first:first + width * count]
        if len(raw) < width * count:
            raise WordFormatError()
        parts.append(_decode_compressed(raw) if piece.compressed else raw.decode("utf-16-le", "replace"))
        fcs.extend(range(first, first + width * count, width))
    return "".join(parts), fcs


def _decode_compressed(raw: bytes) -> str:
    return "".join(CP1252_GAPS.get(b) or bytes([b]).decode("cp1252", "replace") for b in raw) \
        if any(b in CP1252_GAPS for b in raw) else raw.decode("cp1252", "replace")


# --- paragraph properties -----------------------------------------------------------------------

class _PapxIndex:
    """Paragraph properties by the stream offset of a paragraph's end mark (PAPX FKPs)."""

    def __init__(self, word: bytes, table: bytes, fc: int, lcb: int) -> None:
        self.word = word
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.pages: list[int] = []
        self.cache: dict[int, tuple[list[int], list[int], list[bytes]]] = {}
        if lcb < 4 + 8:
            return
        plc = table[fc:fc + lcb]
        count = (len(plc) - 4) // 8
        fcs = struct.unpack_from(f"<{count + 1}I", plc, 0)
        pns = struct.unpack_from(f"<{count}I", plc, 4 * (count + 1))
        self.starts = list(fcs[:-1])
        self.ends = list(fcs[1:])
        self.pages = [pn & 0x3FFFFF for pn in pns]

    def grpprl(self, fc: int) -> bytes:
        """The sprms of the paragraph whose end mark is at stream offset ``fc`` (b"" if unknown)."""
        index = bisect_right(self.starts, fc) - 1
        if index < 0 or fc >= self.ends[index]:
            return b""
        rgfc, _, grpprls = self._page(self.pages[index])
        run = bisect_right(rgfc, fc) - 1
        return grpprls[run] if 0 <= run < len(grpprls) and fc < rgfc[run + 1] else b""

    def _page(self, pn: int) -> tuple[list[int], list[int], list[bytes]]:
        if pn not in self.cache:
            page = self.word[pn * FKP_PAGE:(pn + 1) * FKP_PAGE]
            if len(page) < FKP_PAGE:
                raise WordFormatError()
            crun = page[FKP_PAGE - 1]
            rgfc = list(struct.unpack_from(f"<{crun + 1}I", page, 0))
            grpprls = []
            for i in range(crun):
                offset = 2 * page[4 * (crun + 1) + BX_PAP_SIZE * i]
                if offset == 0:
                    grpprls.append(b"")
                    continue
                cb = page[offset]
                if cb:
                    body = page[offset + 1:offset + 2 * cb]
                else:
                    body = page[offset + 2:offset + 2 + 2 * page[offset + 1]]
                grpprls.append(body[2:])  # after the style index (istd)
            self.cache[pn] = (rgfc, [], grpprls)
        return self.cache[pn]


def _sprms(grpprl: bytes):
    """(sprm, operand) pairs of a property list; stops at a truncated one."""
    offset = 0
    while offset + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, offset)[0]
        offset += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm == SPRM_T_DEF_TABLE:
                if offset + 2 > len(grpprl):
                    return
                size = struct.unpack_from("<H", grpprl, offset)[0] + 1
            elif sprm == SPRM_P_CHG_TABS and offset < len(grpprl) and grpprl[offset] == 255:
                return  # rare long form; nothing this reader needs comes after it
            else:
                if offset >= len(grpprl):
                    return
                size = grpprl[offset] + 1
        else:
            size = OPERAND_SIZE[spra]
        if offset + size > len(grpprl):
            return
        yield sprm, grpprl[offset:offset + size]
        offset += size


def _apply_properties(paragraph: _Paragraph, grpprl: bytes) -> None:
    for sprm, operand in _sprms(grpprl):
        if sprm == SPRM_P_F_IN_TABLE:
            paragraph.in_table = operand[0] != 0
            paragraph.depth = max(paragraph.depth, 1) if paragraph.in_table else paragraph.depth
        elif sprm == SPRM_P_ITAP:
            paragraph.depth = struct.unpack("<i", operand)[0]
        elif sprm == SPRM_P_F_TTP:
            paragraph.row_end = operand[0] != 0
        elif sprm == SPRM_P_F_INNER_TTP and operand[0]:
            paragraph.row_end = False  # the end of a nested row: kept as text of the outer cell
        elif sprm == SPRM_T_DEF_TABLE:
            _table_definition(paragraph, operand)
        elif sprm == SPRM_T_VERT_MERGE and len(operand) >= 3:
            index, flag = operand[1], operand[2]
            if index < len(paragraph.vertical):
                paragraph.vertical[index] = flag


def _table_definition(paragraph: _Paragraph, operand: bytes) -> None:
    """sprmTDefTable: the number of cells, their edges (twips) and TC80 merge flags."""
    body = operand[2:]
    if not body:
        return
    cells = body[0]
    if len(body) < 1 + 2 * (cells + 1):
        return
    paragraph.edges = list(struct.unpack_from(f"<{cells + 1}h", body, 1))
    flags_at = 1 + 2 * (cells + 1)
    paragraph.horizontal, paragraph.vertical = [], []
    for i in range(cells):
        start = flags_at + TC80_SIZE * i
        tcgrf = struct.unpack_from("<H", body, start)[0] if start + 2 <= len(body) else 0
        paragraph.horizontal.append(tcgrf & 0x3)
        paragraph.vertical.append((tcgrf >> 5) & 0x3)


# --- text → paragraphs → blocks -----------------------------------------------------------------

def _split_paragraphs(chars: str, fcs: list[int], properties: _PapxIndex) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    start = 0
    for index, char in enumerate(chars):
        if char not in (PARAGRAPH_END, CELL_MARK, PAGE_BREAK):
            continue
        paragraph = _Paragraph(_visible(chars[start:index]), char)
        if char != PAGE_BREAK:
            _apply_properties(paragraph, properties.grpprl(fcs[index]))
        if char == CELL_MARK and paragraph.depth == 0:
            paragraph.in_table, paragraph.depth = True, 1  # a cell mark without properties
        paragraphs.append(paragraph)
        start = index + 1
    if start < len(chars):
        paragraphs.append(_Paragraph(_visible(chars[start:]), PARAGRAPH_END))
    return paragraphs


def _visible(text: str) -> str:
    """The paragraph as shown: field instructions dropped, results kept, special marks removed."""
    if FIELD_BEGIN in text:
        shown, hidden = [], []  # hidden: one flag per open field, true while in its instruction
        for char in text:
            if char == FIELD_BEGIN:
                hidden.append(True)
            elif char == FIELD_SEPARATOR and hidden:
                hidden[-1] = False
            elif char == FIELD_END and hidden:
                hidden.pop()
            elif not any(hidden):
                shown.append(char)
        text = "".join(shown)
    return text.translate(DROPPED).translate(REPLACED)


def _blocks(paragraphs: list[_Paragraph]) -> tuple[list[str], list[Table]]:
    blocks: list[str] = []
    tables: list[Table] = []
    rows: list[_Row] = []
    cell: list[str] = []
    cells: list[str] = []
    for paragraph in paragraphs:
        if not paragraph.in_table and paragraph.depth <= 0:
            if rows:
                _flush_table(rows, blocks, tables)
                rows = []
            cells, cell = [], []
            if paragraph.end == PAGE_BREAK and not paragraph.text:
                continue
            blocks.append(paragraph.text)
            continue
        if paragraph.row_end:
            rows.append(_Row(cells, paragraph))
            cells, cell = [], []
            continue
        cell.append(paragraph.text)
        if paragraph.end == CELL_MARK and paragraph.depth <= 1:
            cells.append("\n".join(part for part in cell if part.strip()))
            cell = []
    if rows:
        _flush_table(rows, blocks, tables)
    return blocks, tables


@dataclass
class _Row:
    cells: list[str]
    layout: _Paragraph


def _flush_table(rows: list[_Row], blocks: list[str], tables: list[Table]) -> None:
    grid, spans = _grid(rows)
    tables.append(grid)
    blocks.append(render_table(grid, spans))


def _grid(rows: list[_Row]) -> tuple[Table, list[list[bool]]]:
    """Cells per grid column, a merged cell repeated in every position it covers."""
    lines = _grid_lines([row.layout.edges for row in rows])
    grid: Table = []
    spans: list[list[bool]] = []
    for row in rows:
        texts: list[str] = []
        masks: list[bool] = []
        verticals: list[int] = []
        edges = row.layout.edges
        for i, text in enumerate(row.cells):
            horizontal = row.layout.horizontal[i] if i < len(row.layout.horizontal) else 0
            vertical = row.layout.vertical[i] if i < len(row.layout.vertical) else 0
            if horizontal == HORZ_CONTINUES and texts:
                texts.append(texts[-1])  # old-style horizontal merge: one grid place each
                masks.append(True)
                verticals.append(verticals[-1])
                continue
            width = _span(edges, i, lines) if lines else 1
            for k in range(width):
                texts.append(text)
                masks.append(k > 0)
                verticals.append(vertical)
        if grid:
            above = grid[-1]
            for c, vertical in enumerate(verticals):
                if vertical == VERT_CONTINUES and c < len(above):
                    texts[c] = above[c]
        grid.append(texts)
        spans.append(masks)
    width = max((len(row) for row in grid), default=0)
    for texts, masks in zip(grid, spans, strict=True):
        texts.extend([""] * (width - len(texts)))
        masks.extend([False] * (width - len(masks)))
    return grid, spans


def _grid_lines(all_edges: list[list[int]]) -> list[int]:
    """The table's column lines: every row's cell edges, those within a few twips merged."""
    lines: list[int] = []
    for edge in sorted({edge for edges in all_edges for edge in edges}):
        if not lines or edge - lines[-1] > GRID_TOLERANCE:
            lines.append(edge)
    return lines


def _span(edges: list[int], index: int, lines: list[int]) -> int:
    """How many grid columns cell ``index`` of a row with ``edges`` covers (at least one)."""
    if index + 1 >= len(edges):
        return 1
    left, right = _line_index(lines, edges[index]), _line_index(lines, edges[index + 1])
    return max(1, right - left)


def _line_index(lines: list[int], edge: int) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - edge))

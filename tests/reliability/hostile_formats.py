"""Hostile and broken files of the formats issue 17 added: Word 97–2003 and WPS (.doc, .wps, .et:
OLE compound files), OFD (a zip of XML) and page images (.png, .jpg, .tif).

Used by ``hostile.py``: each case is refused with a one-line reason (or, marked ``EITHER``,
may be read), in bounded time and memory, and leaves the store as it was.
"""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

from PIL import Image

DATA = Path(__file__).resolve().parent.parent / "data"
PASSWD = "/etc/passwd"

REASON_CORRUPT = "文件已损坏"
REASON_IMAGE_TOO_LARGE = "图片过大"
REASON_TOO_MANY_FRAMES = "页数过多"
REASON_OFD_TOO_BIG = "OFD"
HUGE_IMAGE_SIDE = 100_000  # declared: 10 billion pixels
BOMB_MEMBER_MB = 512
OFD_HUGE_PART_MB = 12  # a page's Content.xml; real ones are tens of kilobytes
OFD_PAGE_REPEATS = 400  # pages listed, all pointing at one 1 MB Content.xml: 400 MB of XML
OFD_MANY_PAGES = 5_000

# Sizes of the OLE compound file's header and directory entries ([MS-CFB]).
OLE_SECTOR_SHIFT_AT = 0x1E
OLE_FIRST_DIRECTORY_AT = 0x30
OLE_DIFAT_AT = 0x4C
DIRECTORY_ENTRY = 128
ENTRY_LEFT, ENTRY_RIGHT, ENTRY_START, ENTRY_SIZE = 0x44, 0x48, 0x74, 0x78
END_OF_CHAIN = 0xFFFFFFFE


def good_doc() -> bytes:
    """Seed 000 saved as .doc by LibreOffice (``tests/test_word97.py`` has the command)."""
    return gzip.decompress((DATA / "000.doc.gz").read_bytes())


def good_et() -> bytes:
    """A WPS spreadsheet is a BIFF workbook: seed 004's gold table as .xls."""
    return (DATA / "004_table.xls").read_bytes()


class _Ole:
    """Just enough of an OLE compound file to damage it on purpose."""

    def __init__(self, data: bytes) -> None:
        self.data = bytearray(data)
        self.sector = 1 << struct.unpack_from("<H", data, OLE_SECTOR_SHIFT_AT)[0]
        self.fat_sectors = [s for s in struct.unpack_from("<109I", data, OLE_DIFAT_AT) if s < 0xFFFFFFFA]

    def offset(self, sector: int) -> int:
        return (sector + 1) * self.sector

    def fat_entry_offset(self, index: int) -> int:
        per_sector = self.sector // 4
        return self.offset(self.fat_sectors[index // per_sector]) + 4 * (index % per_sector)

    def next_sector(self, sector: int) -> int:
        return struct.unpack_from("<I", self.data, self.fat_entry_offset(sector))[0]

    def chain(self, start: int) -> list[int]:
        sectors = []
        while start < 0xFFFFFFFA and len(sectors) < 100_000:
            sectors.append(start)
            start = self.next_sector(start)
        return sectors

    def entries(self) -> list[int]:
        """Offsets of the directory entries."""
        first = struct.unpack_from("<I", self.data, OLE_FIRST_DIRECTORY_AT)[0]
        return [self.offset(s) + i for s in self.chain(first) for i in range(0, self.sector, DIRECTORY_ENTRY)]

    def entry(self, name: str) -> int:
        for at in self.entries():
            length = struct.unpack_from("<H", self.data, at + 0x40)[0]
            if self.data[at:at + max(0, length - 2)].decode("utf-16-le", "replace") == name:
                return at
        raise KeyError(name)

    def put(self, at: int, value: int) -> None:
        struct.pack_into("<I", self.data, at, value)


def _doc_with_huge_stream() -> bytes:
    """The WordDocument stream's directory entry claims 2 GB."""
    ole = _Ole(good_doc())
    ole.put(ole.entry("WordDocument") + ENTRY_SIZE, 0x7FFFFF00)
    return bytes(ole.data)


def _doc_with_sector_loop() -> bytes:
    """The WordDocument stream's sector chain goes back to its first sector, and it claims to
    be as large as the whole file (so a reader following the chain would go round for ever)."""
    ole = _Ole(good_doc())
    entry = ole.entry("WordDocument")
    start = struct.unpack_from("<I", ole.data, entry + ENTRY_START)[0]
    sectors = ole.chain(start)
    ole.put(ole.fat_entry_offset(sectors[-1]), start)
    ole.put(entry + ENTRY_SIZE, len(ole.data) - ole.sector)
    return bytes(ole.data)


def _doc_with_directory_loop() -> bytes:
    """A directory entry is its own left sibling: walking the tree naively never ends."""
    ole = _Ole(good_doc())
    at = ole.entry("WordDocument")
    index = ole.entries().index(at)
    ole.put(at + ENTRY_LEFT, index)
    return bytes(ole.data)


def _doc_with_huge_text_count() -> bytes:
    """The File Information Block claims two billion characters of main text."""
    ole = _Ole(good_doc())
    start = struct.unpack_from("<I", ole.data, ole.entry("WordDocument") + ENTRY_START)[0]
    # FibBase (32 bytes), csw + FibRgW97 (2 + 28), cslw (2), then FibRgLw97: ccpText is its 4th.
    ole.put(ole.offset(start) + 32 + 30 + 2 + 3 * 4, 0x7FFFFFFF)
    return bytes(ole.data)


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row) + chunk(b"IEND", b"")


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is rewritten to claim ``width`` × ``height``."""
    data = bytearray(_image_bytes("JPEG"))
    at = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def _tiff_claiming(width: int, height: int) -> bytes:
    """An uncompressed TIFF whose first page's width and length tags claim a huge page."""
    data = bytearray(_image_bytes("TIFF"))
    ifd = struct.unpack_from("<I", data, 4)[0]
    for i in range(struct.unpack_from("<H", data, ifd)[0]):
        at = ifd + 2 + 12 * i
        tag, kind = struct.unpack_from("<HH", data, at)
        if tag in (256, 257):
            value = width if tag == 256 else height
            struct.pack_into("<HHII", data, at, tag, 4, 1, value) if kind == 4 else \
                struct.pack_into("<HHIHH", data, at, tag, 3, 1, min(value, 0xFFFF), 0)
    return bytes(data)


def _tiff_with_ifd_loop() -> bytes:
    """Two pages, the second pointing back at the first: counting pages naively never ends."""
    out = io.BytesIO()
    pages = [_page(), _page()]
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:])
    data = bytearray(out.getvalue())
    first = struct.unpack_from("<I", data, 4)[0]
    second_at = first + 2 + 12 * struct.unpack_from("<H", data, first)[0]
    second = struct.unpack_from("<I", data, second_at)[0]
    end_of_second = second + 2 + 12 * struct.unpack_from("<H", data, second)[0]
    struct.pack_into("<I", data, end_of_second, first)
    return bytes(data)


def _page(size: tuple[int, int] = (64, 48)) -> Image.Image:
    return Image.new("L", size, 255)


def _image_bytes(kind: str, frames: int = 1) -> bytes:
    out = io.BytesIO()
    pages = [_page() for _ in range(frames)]
    pages[0].save(out, kind, **({"save_all": True, "append_images": pages[1:]} if frames > 1 else {}))
    return out.getvalue()


# --- OFD -------------------------------------------------------------------------------------------

OFD_NS = "http://www.ofdspec.org/2016"
OFD_ROOT = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")


def _ofd(content: dict[str, bytes], pages: int = 1, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    refs = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_0/Content.xml"/>' for i in range(pages))
    parts = {"OFD.xml": OFD_ROOT.encode(),
             "Doc_0/Document.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}">'
                                    f"<ofd:Pages>{refs}</ofd:Pages></ofd:Document>").encode(),
             **content}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def _ofd_page(objects: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>').encode()


def _text_objects(lines: list[str]) -> str:
    return "".join(f'<ofd:TextObject ID="{i + 3}" Boundary="20 {20 + 6 * i} 170 6" Font="1" Size="4.2">'
                   f'<ofd:TextCode X="0" Y="4.2">{line}</ofd:TextCode></ofd:TextObject>'
                   for i, line in enumerate(lines))


def good_ofd() -> bytes:
    from tests.reliability.hostile import PLAN_LINES

    return _ofd({"Doc_0/Pages/Page_0/Content.xml": _ofd_page(_text_objects(list(PLAN_LINES)))})


def _ofd_deep() -> bytes:
    depth = 200_000
    # Stored, not compressed: deflated it would compress thousands of times and meet the bomb check.
    return _ofd({"Doc_0/Pages/Page_0/Content.xml": _ofd_page("<ofd:Layer>" * depth + "</ofd:Layer>" * depth)},
                compression=zipfile.ZIP_STORED)


def _hanzi_lines(megabytes: int, seed: int = 17) -> list[str]:
    """Lines of random hanzi: text that does not compress much (so no zip-bomb check stops it)."""
    rng = random.Random(seed)
    line = 40  # hanzi a line, three bytes each in UTF-8
    count = megabytes * 1024 * 1024 // (3 * line + 120)
    return ["".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(line)) for _ in range(count)]


def _ofd_huge_page() -> bytes:
    return _ofd({"Doc_0/Pages/Page_0/Content.xml": _ofd_page(_text_objects(_hanzi_lines(OFD_HUGE_PART_MB)))})


def _ofd_repeated_page() -> bytes:
    """Hundreds of pages, every one the same 1 MB Content.xml: hundreds of megabytes to parse."""
    return _ofd({"Doc_0/Pages/Page_0/Content.xml": _ofd_page(_text_objects(_hanzi_lines(1)))},
                pages=OFD_PAGE_REPEATS)


def _ofd_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("OFD.xml", OFD_ROOT)
        with bomb.open("Doc_0/Pages/Page_0/Content.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(BOMB_MEMBER_MB):
                member.write(chunk)
    return out.getvalue()


def _ofd_with_entity() -> bytes:
    doctype = f'<!DOCTYPE ofd:OFD [<!ENTITY xxe SYSTEM "file://{PASSWD}">]>'
    root = OFD_ROOT.replace("?>", "?>" + doctype, 1).replace("<ofd:DocRoot>", "<ofd:DocRoot>&xxe;")
    return _ofd({"OFD.xml": root.encode()})


def format_cases(case, refused: str, either: str, reason_empty: str, reason_dtd: str,
                 reason_bomb: str, passwd_marker: str) -> list:
    """The cases as ``case(name, data, expect, reason, forbidden)`` objects (``hostile.HostileCase``)."""
    doc, et, ofd = good_doc(), good_et(), good_ofd()
    png, jpg, tif = _image_bytes("PNG"), _image_bytes("JPEG"), _image_bytes("TIFF", frames=2)
    cases = [case(f"empty{suffix}", b"", refused, reason_empty)
             for suffix in (".doc", ".wps", ".et", ".ofd", ".png", ".jpg", ".tif")]
    for cut in (0.5, 0.1):
        percent = int(cut * 100)
        cases += [case(f"truncated{percent}.doc", doc[: int(len(doc) * cut)], refused, REASON_CORRUPT),
                  case(f"truncated{percent}.wps", doc[: int(len(doc) * cut)], refused, REASON_CORRUPT),
                  case(f"truncated{percent}.et", et[: int(len(et) * cut)], refused, ""),
                  case(f"truncated{percent}.ofd", ofd[: int(len(ofd) * cut)], refused, REASON_CORRUPT),
                  case(f"truncated{percent}.png", png[: int(len(png) * cut)], refused, REASON_CORRUPT),
                  case(f"truncated{percent}.jpg", jpg[: int(len(jpg) * cut)], refused, REASON_CORRUPT),
                  case(f"truncated{percent}.tif", tif[: int(len(tif) * cut)], refused, REASON_CORRUPT)]
    cases += [
        # olefile reads a stream by its sector chain within the file: these read in milliseconds.
        case("huge-stream.doc", _doc_with_huge_stream(), either, REASON_CORRUPT),
        case("sector-loop.doc", _doc_with_sector_loop(), either, REASON_CORRUPT),
        case("directory-loop.wps", _doc_with_directory_loop(), either, REASON_CORRUPT),
        case("huge-text-count.doc", _doc_with_huge_text_count(), either, REASON_CORRUPT),
        case("deep.ofd", _ofd_deep(), refused, ""),
        case("xxe.ofd", _ofd_with_entity(), refused, reason_dtd, (passwd_marker,)),
        case("bomb.png", _png_header_only(HUGE_IMAGE_SIDE, HUGE_IMAGE_SIDE), refused, REASON_IMAGE_TOO_LARGE),
        case("bomb.jpg", _jpeg_claiming(65_000, 65_000), refused, REASON_IMAGE_TOO_LARGE),
        case("bomb.tif", _tiff_claiming(HUGE_IMAGE_SIDE, HUGE_IMAGE_SIDE), refused, REASON_IMAGE_TOO_LARGE),
        case("ifd-loop.tif", _tiff_with_ifd_loop(), either, ""),
        case("many-frames.tif", _image_bytes("TIFF", frames=600), refused, REASON_TOO_MANY_FRAMES),
    ]
    return cases


def large_format_cases(case, refused: str, reason_bomb: str) -> list:
    return [case("bomb.ofd", _ofd_bomb(), refused, reason_bomb),
            case("huge-page.ofd", _ofd_huge_page(), refused, REASON_OFD_TOO_BIG),
            case("repeated-pages.ofd", _ofd_repeated_page(), refused, REASON_OFD_TOO_BIG),
            case("many-pages.ofd", good_ofd_pages(OFD_MANY_PAGES), refused, REASON_OFD_TOO_BIG)]


def good_ofd_pages(pages: int) -> bytes:
    from tests.reliability.hostile import PLAN_LINES

    return _ofd({"Doc_0/Pages/Page_0/Content.xml": _ofd_page(_text_objects(list(PLAN_LINES)))}, pages=pages)


def write_sparse(path: Path, megabytes: int) -> Path:
    """A file of ``megabytes`` MB that takes no disk space (a hole): only its size is huge."""
    with path.open("wb") as out:
        out.truncate(megabytes * 1024 * 1024)
    return path

"""Ruled tables found in page images: rules from the pixels, merges from missing rules, text by place.

Needs numpy (it comes with the recognition extra); no recognition engine is run: the text
boxes are given as the engine would give them.
"""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from gzviewer.ingest.pdf import TextBox
from gzviewer.ingest.scan_tables import TextPiece, ruled_tables

pytest.importorskip("numpy", reason="numpy comes with the recognition extra")

WIDTH, HEIGHT = 1700, 2200
XS = (200, 400, 900, 1400)  # three columns
YS = (300, 400, 600, 800, 900)  # four rows


def table_image(missing: tuple[tuple[str, int, int], ...] = ()) -> Image.Image:
    """A ruled 4×3 table; ``missing`` holds ("v", row, edge) or ("h", edge, column) rules left out."""
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for r in range(len(YS) - 1):
        for e, x in enumerate(XS):
            if ("v", r, e) not in missing:
                draw.line([(x, YS[r]), (x, YS[r + 1])], fill=0, width=2)
    for e, y in enumerate(YS):
        for c in range(len(XS) - 1):
            if ("h", e, c) not in missing:
                draw.line([(XS[c], y), (XS[c + 1], y)], fill=0, width=2)
    draw.text((210, 150), "标题在表外", fill=0)
    return image


def piece(text: str, x: float, y: float, char: float = 36) -> TextPiece:
    return TextPiece(TextBox(text, x, y, x + char * len(text), y + char))


def test_a_ruled_table_gives_its_grid_with_merges_and_text_by_cell():
    # Row 2 spans columns 1-2; column 2 of rows 0-1 is one cell merged down.
    image = table_image(missing=(("v", 2, 2), ("h", 1, 2)))
    pieces = [piece("标题", 300, 200),
              piece("序号", 210, 320), piece("重点工作", 410, 320), piece("牵头单位", 910, 320),
              piece("1", 210, 420), piece("推进城市", 410, 420), piece("更新。", 410, 460),
              piece("（一）", 210, 620), piece("提升产业能力。", 410, 620),
              piece("2", 210, 820), piece("加强水环境治理。", 410, 820), piece("市水务局", 910, 820)]
    found, outside = ruled_tables(image, pieces)
    assert [p.box.text for p in outside] == ["标题"]
    [table] = found
    assert table.top == pytest.approx(300, abs=2)
    assert table.table.grid == [["序号", "重点工作", "牵头单位"],
                                ["1", "推进城市更新。", "牵头单位"],
                                ["（一）", "提升产业能力。", "提升产业能力。"],
                                ["2", "加强水环境治理。", "市水务局"]]
    assert table.table.spans == [[False] * 3, [False] * 3, [False, False, True], [False] * 3]


def test_a_text_box_running_over_a_rule_is_cut_there():
    image = table_image()
    # "2加强" read as one box across the rule at x=400 (no character boxes known).
    crossing = TextPiece(TextBox("22加强", 330, 820, 470, 856))
    found, _ = ruled_tables(image, [crossing, piece("序号", 210, 320)])
    assert found[0].table.grid[3][:2] == ["22", "加强"]


def test_a_page_without_rules_or_with_a_lone_underline_has_no_table():
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    ImageDraw.Draw(image).line([(200, 500), (1400, 500)], fill=0, width=2)
    pieces = [piece("正文一行", 200, 400)]
    assert ruled_tables(image, pieces) == ([], pieces)

"""The round's bulletin (情况通报) as a Word document laid out as an official document.

A4 with the GB/T 9704 margins, body in 仿宋 三号 (16 pt) on a fixed 28 pt line, headings in 黑体
and 楷体, a bold title, page numbers 「— 1 —」 at the foot (a PAGE field). The font names are the
ones a Chinese Windows has (仿宋, 黑体, 楷体, 宋体), so Word and WPS resolve them as written;
LibreOffice substitutes its CJK fonts. Tables use 仿宋 小四 (12 pt) and fit inside the margins.

``figures`` is the plain ``services.bulletin.BulletinFigures`` (no SQL here).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gzviewer.export.files import check_target, save_workbook

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
TITLE_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(12)  # 小四
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE = Pt(28)
TABLE_LINE = Pt(18)
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6

TITLE = "{round}重点工作督办情况通报"
SUBTITLE = "（截至{date}）"
INTRO = "根据{document}，现将{round}重点工作推进情况通报如下："
INTRO_NO_DOCUMENT = "现将{round}重点工作推进情况通报如下："
HEADINGS = ("一、总体情况", "二、分管领导负责事项推进情况", "三、各牵头单位推进情况", "四、逾期和滞后事项",
            "五、本轮以来的变化", "六、历轮督办情况")
TREND_HEADERS = ("轮次", "返回截止", "返回单位", "填报", "有变化", "已完成", "完成率")
TREND_WIDTHS = (4.0, 3.0, 2.1, 1.3, 1.7, 1.7, 1.8)
STATUS_SENTENCE = "本轮督办重点工作{total}项，其中{parts}。逾期或滞后{late}项，按期率{rate}。"
RETURN_SENTENCE = "应报送进展的牵头单位{expected}个，已返回{returned}个，未返回{missing}个{names}。"
NO_LATE = "本轮没有逾期或滞后事项。"
CHANGE_SENTENCE = ("本轮共有{updated}项任务更新了进展，{status}项任务状态发生变化，{extensions}项任务延期"
                   "{previous}。")
PREVIOUS = "（与上一轮“{name}”相比）"
NO_CHANGES = "本轮没有状态变化或延期。"
EMPTY = "—"

GROUP_HEADERS = ("{name}", "任务数", "已完成", "推进中", "未开始", "逾期滞后", "按期率")
GROUP_WIDTHS = (4.0, 1.8, 1.8, 1.8, 1.8, 2.2, 2.2)
UNIT_HEADERS = ("牵头单位", "任务数", "已完成", "未完成", "逾期滞后", "按期率", "本轮返回")
UNIT_WIDTHS = (4.0, 1.8, 1.8, 1.8, 2.2, 1.8, 2.2)
MAX_NAMED_UNITS = 8
MANY_UNITS = "（名单见催办清单）"
LATE_HEADERS = ("序号", "任务", "牵头单位", "完成时限", "状态", "最新进展")
LATE_WIDTHS = (1.3, 4.0, 2.3, 3.0, 1.8, 3.2)
CHANGE_HEADERS = ("序号", "任务", "牵头单位", "变化", "来源")
CHANGE_WIDTHS = (1.3, 5.0, 2.3, 4.2, 2.8)
STATUS_HEADERS = ("状态", "项数", "占比")
STATUS_WIDTHS = (5.2, 5.2, 5.2)
TASK_TEXT_LIMIT = 60
PROGRESS_LIMIT = 60
RETURNED = ("已返回", "未返回")


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%".replace(".0%", "%")


def _short(text: str | None, limit: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _set_run_font(run, name: str, size, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _paragraph(document, text: str = "", *, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False,
               align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, line=LINE, container=None):
    paragraph = (container or document).add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(size.pt * 2) if indent else None
    if text:
        _set_run_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def _page_numbers(document) -> None:
    """「— 1 —」 centred at the foot: an em dash, the PAGE field, an em dash."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_run_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    field_parts: tuple[tuple[str | None, str], ...] = (
        ("begin", ""), (None, " PAGE "), ("separate", ""), (None, "1"), ("end", ""))
    for kind, text in field_parts:
        run = paragraph.add_run()
        _set_run_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text.strip() == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
        else:
            run.text = text
    _set_run_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _table(document, headers, widths, rows, left: tuple[int, ...] = (0,)) -> None:
    """A ruled table, centred, with fixed column widths; columns in ``left`` are left-aligned."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row_values, is_header in [(headers, True), *((r, False) for r in rows)]:
        cells = table.rows[0].cells if is_header else table.add_row().cells
        for column, (cell, value, width) in enumerate(zip(cells, row_values, widths, strict=True)):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if column in left and not is_header \
                else WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            paragraph.paragraph_format.line_spacing = TABLE_LINE
            _set_run_font(paragraph.add_run(str(value)), HEADING_FONT if is_header else BODY_FONT, TABLE_SIZE)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:  # a row never breaks across pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _repeat_header(table)
    _paragraph(document, "", indent=False, line=Pt(12))


def _repeat_header(table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _heading(document, text: str) -> None:
    _paragraph(document, text, font=HEADING_FONT).paragraph_format.keep_with_next = True


def _group_rows(groups, with_return: bool) -> list[tuple]:
    rows = []
    for g in groups:
        if with_return:
            rows.append((g.name, g.tasks, g.done, g.in_progress + g.not_started, g.late, _percent(g.on_time_rate),
                         RETURNED[0] if g.returned else RETURNED[1]))
        else:
            rows.append((g.name, g.tasks, g.done, g.in_progress, g.not_started, g.late, _percent(g.on_time_rate)))
    return rows


def write_bulletin_docx(figures, path: str | Path, *, issuer: str, overwrite: bool = False) -> Path:
    """Write the bulletin of ``figures`` (services.bulletin.BulletinFigures) to ``path``."""
    target = check_target(path, overwrite)
    document = new_document()
    _page_setup(document)
    _page_numbers(document)
    f = figures
    _paragraph(document, TITLE.format(round=f.round_name), font=TITLE_FONT, size=TITLE_SIZE, bold=True,
               align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(36))
    _paragraph(document, SUBTITLE.format(date=f"{f.issued.year}年{f.issued.month}月{f.issued.day}日"),
               font=SUBHEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(document, "", indent=False)
    intro = INTRO.format(document=f"《{f.document_title}》", round=f.round_name) if f.document_title \
        else INTRO_NO_DOCUMENT.format(round=f.round_name)
    _paragraph(document, intro)

    _heading(document, HEADINGS[0])
    parts = "、".join(f"{status}{count}项" for status, count in f.by_status.items() if count) or "暂无记录"
    _paragraph(document, STATUS_SENTENCE.format(total=f.total, parts=parts, late=len(f.late_tasks),
                                                rate=_percent(f.on_time_rate)))
    names = f"（{'、'.join(f.missing_units)}）" if 0 < len(f.missing_units) <= MAX_NAMED_UNITS \
        else MANY_UNITS if f.missing_units else ""
    _paragraph(document, RETURN_SENTENCE.format(expected=f.units_expected, returned=f.units_returned,
                                                missing=len(f.missing_units), names=names))
    _table(document, STATUS_HEADERS, STATUS_WIDTHS,
           [(s, c, _percent(c / f.total if f.total else 0)) for s, c in f.by_status.items()]
           + [("合计", f.total, _percent(1.0 if f.total else 0))])

    _heading(document, HEADINGS[1])
    headers = (GROUP_HEADERS[0].format(name="分管领导"), *GROUP_HEADERS[1:])
    _table(document, headers, GROUP_WIDTHS, _group_rows(f.leaders, with_return=False))

    _heading(document, HEADINGS[2])
    _table(document, UNIT_HEADERS, UNIT_WIDTHS, _group_rows(f.units, with_return=True))

    _heading(document, HEADINGS[3])
    if f.late_tasks:
        _table(document, LATE_HEADERS, LATE_WIDTHS,
               [(t.no, _short(t.text, TASK_TEXT_LIMIT), t.lead_units or EMPTY, t.due or EMPTY, t.status,
                 _short(t.progress, PROGRESS_LIMIT) or EMPTY) for t in f.late_tasks], left=(1, 2, 5))
    else:
        _paragraph(document, NO_LATE)

    _heading(document, HEADINGS[4])
    previous = PREVIOUS.format(name=f.previous_round) if f.previous_round else ""
    _paragraph(document, CHANGE_SENTENCE.format(updated=f.tasks_updated, status=f.status_changes,
                                                extensions=f.extensions, previous=previous))
    if f.changes:
        _table(document, CHANGE_HEADERS, CHANGE_WIDTHS,
               [(c.no, _short(c.text, TASK_TEXT_LIMIT), c.lead_units or EMPTY,
                 f"{c.field}：{c.old or EMPTY}→{c.new or EMPTY}" + (f"（{c.reason}）" if c.reason else ""),
                 c.source) for c in f.changes], left=(1, 2, 3))
    else:
        _paragraph(document, NO_CHANGES)

    if len(f.trend) > 1:
        _heading(document, HEADINGS[5])
        _table(document, TREND_HEADERS, TREND_WIDTHS,
               [(t.name, t.due or EMPTY, f"{t.units_returned}/{t.units_expected}", t.reported, t.changed, t.done,
                 _percent(t.done / f.total if f.total else 0)) for t in f.trend])

    _paragraph(document, "", indent=False)
    _paragraph(document, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(document, f"{f.issued.year}年{f.issued.month}月{f.issued.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT,
               indent=False)
    # Saved like the workbooks (anything with .save): beside the target, moved into place, never
    # replacing a file unless ``overwrite``.
    return save_workbook(document, target, overwrite)

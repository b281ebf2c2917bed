"""Responsibility tables → tasks, from grid tables and from tables flattened to text.

Columns are recognised by their header names (序号 / 重点工作 / 分管领导 / 牵头单位 / 配合单位 /
备注 and the usual variants), never by position. A grid table (docx, xlsx, html) repeats a
merged cell in every position it covers, so a row whose cells all hold one text is a heading
spanning the table and a lead unit merged over several tasks is read for each of them, as the
reader of the printed table would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from gzviewer.ingest.tables import joiner
from gzviewer.parse.inline_tasks import has_role_words, parse_responsibility, split_marked_units
from gzviewer.parse.numbering import CHINESE_DIGITS
from gzviewer.parse.records import TaskRecord
from gzviewer.parse.roles import (
    COOP_LABELS,
    DEADLINE_WORDS,
    EXPLICIT_LEAD_LABELS,
    MAX_DEADLINE,
    RESPONSIBLE_LABELS,
)
from gzviewer.parse.units import UNIT_SEPARATORS, UnitDirectory, looks_like_unit, split_unit_names

RESPONSIBLE = "responsible"  # a 责任单位 column: lead, or cooperating beside a 牵头单位 column
# Header names per field, checked in this order (市政府分管领导 is a leader column, 责任单位 a lead one).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "leader": ("分管领导", "责任领导", "牵头领导", "市领导", "分管副市长", "责任人"),
    "coop": COOP_LABELS,
    "lead": EXPLICIT_LEAD_LABELS,
    RESPONSIBLE: RESPONSIBLE_LABELS,
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "进度安排", "时限"),
    "remark": ("备注",),
    "no": ("序号", "编号"),
    "text": ("重点工作", "主要任务", "工作任务", "重点任务", "任务内容", "工作内容", "具体任务",
             "工作事项", "工作措施", "主要工作", "任务"),
}
MAX_HEADER_CELL = 14
MAX_HEADER_EXTRA = 5  # 市政府分管领导, 牵头单位（部门）
HEADER_NOT_ALLOWED = re.compile(r"[。，,；;：:！？]")
# A unit cell wrapped by a PDF spans at most this many lines before it names units again.
MAX_WRAPPED_UNIT_LINES = 4
UNIT_FIELDS = ("lead", "coop")
# Columns whose value a table merges down over the rows of several tasks.
MERGED_DOWN_FIELDS = ("lead", "leader")

# Category and section labels in the 序号 column or on their own line: （一） / 一、 / 一.
CATEGORY_LABEL = re.compile(rf"^[(（][{CHINESE_DIGITS}]+[)）]")
FIRST_CATEGORY = re.compile(r"^[(（]一[)）]")  # a section's first category: what precedes it is the section
SECTION_LABEL = re.compile(rf"^[{CHINESE_DIGITS}]+[、.．]")
BARE_ORDINAL = re.compile(rf"^[{CHINESE_DIGITS}]+$")
ROW_NUMBER = re.compile(r"^(\d{1,4})[.、．]?$")
PERSON_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# An empty leader cell written as a dash: —— / - / / / 无.
NO_LEADER = re.compile(r"^(?:[—－\-–/／]+|无)$")
LEADER_SEPARATORS = re.compile(r"[、，,；;]")
# Lines under a web page's table that belong to the page, not to the last row's 备注 cell.
PAGE_FOOTER = re.compile(r"^(公开方式|抄送|主送|附件|联系人|联系电话|信息来源)[:：]|印发$")
_WHITESPACE = re.compile(r"[\s\u00a0\u3000]+")


def _compact(text: str) -> str:
    return _WHITESPACE.sub("", text or "")


def column_field(cell: str) -> str | None:
    """The task field a header cell names, or None (a header cell is short and no sentence)."""
    compact = _compact(cell)
    if not compact or len(compact) > MAX_HEADER_CELL or HEADER_NOT_ALLOWED.search(compact):
        return None
    for name, spellings in COLUMN_NAMES.items():
        if any(spelling in compact and len(compact) - len(spelling) <= MAX_HEADER_EXTRA
               for spelling in spellings):
            return name
    return None


def is_task_header(fields: Sequence[str | None]) -> bool:
    present = {name for name in fields if name}
    return "text" in present and bool(present & {*UNIT_FIELDS, RESPONSIBLE}) and len(present) >= 3


def resolve_responsible(mapping: dict[str, int]) -> dict[str, int]:
    """A 责任单位 column leads, unless a 牵头单位 column stands beside it: then it cooperates."""
    mapping = dict(mapping)
    column = mapping.pop(RESPONSIBLE, None)
    if column is not None:
        mapping.setdefault("coop" if "lead" in mapping else "lead", column)
    return mapping


def normalize_leader(cell: str) -> str | None:
    """``王 东`` → 王东; names on separate lines → 王东、陈志英; a dash or an empty cell → None."""
    compact = "、".join(name for name in (_compact(line) for line in (cell or "").splitlines()) if name)
    return None if not compact or NO_LEADER.match(compact) else compact


def _looks_like_leader(line: str, directory: UnitDirectory) -> bool:
    compact = _compact(line)
    if NO_LEADER.match(compact):
        return True
    names = [name for name in LEADER_SEPARATORS.split(compact) if name]
    return bool(names) and all(
        PERSON_NAME.match(name) and not looks_like_unit(name) and not directory.knows(name)
        for name in names
    )


def looks_like_unit_line(line: str) -> bool:
    """A line of unit names, or of units with their roles (市科技局牵头，市财政局配合)."""
    names = split_unit_names(line)
    if names and all(looks_like_unit(name) for name in names):
        return True
    return has_role_words(line) and parse_responsibility(line) is not None


def names_any_unit(line: str) -> bool:
    return any(looks_like_unit(name) for name in split_unit_names(line))


@dataclass
class TaskDraft:
    """One table row before its units are split and canonicalised."""

    text: str
    leader: str | None = None
    unit_cells: dict[str, str] = field(default_factory=dict)
    deadline: str | None = None
    remark: str | None = None
    start: int = -1


def build_task(no: int, section: str | None, category: str | None, draft: TaskDraft,
               directory: UnitDirectory) -> TaskRecord:
    lead = split_unit_names(draft.unit_cells.get("lead", ""))
    coop = split_unit_names(draft.unit_cells.get("coop", ""))
    lead_cell = draft.unit_cells.get("lead", "")
    marked = split_marked_units(lead_cell)
    if marked is not None:
        lead, coop = marked[0], marked[1] + coop
    elif has_role_words(lead_cell):
        # A single 责任单位 column written as "市发展改革委牵头，市财政局配合".
        responsibility = parse_responsibility(lead_cell)
        if responsibility is not None:
            lead, coop = responsibility.lead_units, responsibility.coop_units + coop
    return TaskRecord(
        no=no, section=section, category=category, text=draft.text.strip(), leader=draft.leader,
        lead_units=[directory.canonical(name) for name in lead],
        coop_units=[directory.canonical(name) for name in coop],
        deadline=draft.deadline, remark=draft.remark, start=draft.start,
    )


# --- grid tables -------------------------------------------------------------------------------


def _header_mapping(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """Index of the last header row and field → column; a two-row header refines the first."""
    for index, row in enumerate(rows):
        fields = [column_field(cell) for cell in row]
        if not is_task_header(fields):
            continue
        while index + 1 < len(rows):
            below = [column_field(cell) for cell in rows[index + 1]]
            if sum(1 for name in below if name) < 2:
                break
            fields = [low or high for high, low in zip(fields, below, strict=False)]
            index += 1
        mapping: dict[str, int] = {}
        for column, name in enumerate(fields):
            if name and name not in mapping:
                mapping[name] = column
        return index, resolve_responsible(mapping)
    return None


def _cell(row: list[str], mapping: dict[str, int], name: str) -> str:
    column = mapping.get(name)
    return (row[column] or "").strip() if column is not None and column < len(row) else ""


def _grid_heading(row: list[str], mapping: dict[str, int]) -> str | None:
    """The heading a row carries (merged across the table, or an ordinal in the 序号 column)."""
    values = list(dict.fromkeys(cell.strip() for cell in row if cell and cell.strip()))
    if len(values) == 1 and not ROW_NUMBER.match(values[0]):
        return values[0]
    number, text = _cell(row, mapping, "no"), _cell(row, mapping, "text")
    # A title merged across the columns right of the 序号 cell repeats in each of them.
    others = {_cell(row, mapping, name) for name in ("leader", *UNIT_FIELDS)} - {"", text}
    if not number or others:
        return None
    if CATEGORY_LABEL.match(number) or SECTION_LABEL.match(number):
        return number + text if text != number else number
    return (text or number) if BARE_ORDINAL.match(number) else None


def _grid_draft(row: list[str], mapping: dict[str, int]) -> TaskDraft:
    return TaskDraft(
        text=_cell(row, mapping, "text").replace("\n", ""),
        leader=normalize_leader(_cell(row, mapping, "leader")),
        unit_cells={name: _cell(row, mapping, name) for name in UNIT_FIELDS if name in mapping},
        deadline=_cell(row, mapping, "deadline") or None,
        remark=_cell(row, mapping, "remark") or None,
    )


def parse_grid_table(rows: list[list[str]], directory: UnitDirectory, first_no: int = 1) -> list[TaskRecord]:
    """Tasks of one grid table; [] when it has no task header."""
    rows = [[cell or "" for cell in row] for row in rows]
    header = _header_mapping(rows)
    if header is None:
        return []
    header_index, mapping = header
    tasks: list[TaskRecord] = []
    section: str | None = None
    category: str | None = None
    previous_key: tuple[str, str] | None = None
    for row in rows[header_index + 1:]:
        if not any(cell.strip() for cell in row) or is_task_header([column_field(c) for c in row]):
            continue
        heading = _grid_heading(row, mapping)
        if heading is not None:
            if CATEGORY_LABEL.match(heading):
                category = heading
            else:
                section, category = heading, None
            previous_key = None
            continue
        draft = _grid_draft(row, mapping)
        if not draft.text:
            continue
        key = (_cell(row, mapping, "no"), draft.text)
        if key == previous_key:  # one task merged vertically over several unit rows
            _merge_units(tasks[-1], build_task(0, None, None, draft, directory))
            continue
        previous_key = key
        tasks.append(build_task(first_no + len(tasks), section, category, draft, directory))
    return tasks


def _merge_units(task: TaskRecord, more: TaskRecord) -> None:
    task.lead_units += [name for name in more.lead_units if name not in task.lead_units]
    task.coop_units += [name for name in more.coop_units if name not in task.coop_units]


def parse_grid_tables(tables: Sequence[list[list[str]]], directory: UnitDirectory) -> list[TaskRecord]:
    tasks: list[TaskRecord] = []
    for table in continued_tables(tables):
        tasks.extend(parse_grid_table(table, directory, first_no=len(tasks) + 1))
    return tasks


def continued_tables(tables: Sequence[list[list[str]]]) -> list[list[list[str]]]:
    """Tables broken over pages joined back into one.

    A table goes on from the one before when it has no task header of its own (or repeats the
    same header) and as many columns; a task row the page break cut in two (the second part
    without its number) is joined back into one row.
    """
    joined: list[list[list[str]]] = []
    for table in tables:
        width = max(map(len, table), default=0)
        rows = [[cell or "" for cell in row] + [""] * (width - len(row)) for row in table]
        before = _header_mapping(joined[-1]) if joined else None
        if before is None or not rows or width != len(joined[-1][-1]):
            joined.append(rows)
            continue
        own = _header_mapping(rows)
        if own is not None and own[1] != before[1]:
            joined.append(rows)
            continue
        rows = rows[own[0] + 1:] if own is not None else rows
        if rows and _continues_a_row(rows[0], before[1]):
            joined[-1][-1] = _row_with_its_rest(joined[-1][-1], rows, before[1])
            rows = rows[1:]
        _carry_merged_cells(joined[-1][-1], rows, before[1])
        joined[-1].extend(rows)
    return joined


def _row_with_its_rest(row: list[str], rows: list[list[str]], mapping: dict[str, int]) -> list[str]:
    """``row`` joined with ``rows[0]``, the rest of it on the next page. A merged-down cell cut by
    the page break ("市规划和自" | "然资源局") repeats its second part in the rows below: they get
    the whole value too."""
    rest = rows[0]
    whole = [cell + joiner(cell, more) + more if more else cell for cell, more in zip(row, rest, strict=True)]
    for name in MERGED_DOWN_FIELDS:
        column = mapping.get(name)
        if column is None or not rest[column]:
            continue
        for below in rows[1:]:
            if below[column] != rest[column]:
                break
            below[column] = whole[column]
    return whole


def _carry_merged_cells(last_row: list[str], rows: list[list[str]], mapping: dict[str, int]) -> None:
    """A lead unit or leader merged down over several rows is written once, on the page where the
    merge starts: the task rows at the top of the next page that leave it empty take it over."""
    for name in MERGED_DOWN_FIELDS:
        column = mapping.get(name)
        if column is None or not last_row[column].strip():
            continue
        for row in rows:
            if row[column].strip() or _grid_heading(row, mapping) is not None:
                break
            row[column] = last_row[column]


def _continues_a_row(row: list[str], mapping: dict[str, int]) -> bool:
    """A row without its number that carries on the row above: some cells filled, none of them
    repeated across the row as a heading merged over the columns is."""
    filled = [cell.strip() for cell in row if cell.strip()]
    return not _cell(row, mapping, "no") and bool(filled) and len(set(filled)) == len(filled)


# --- tables flattened to text ---------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    start: int


def _nonblank_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lines.append(_Line(stripped, offset + raw.index(stripped)))
        offset += len(raw) + 1
    return lines


def _text_header(lines: list[_Line], index: int) -> tuple[list[str], int] | None:
    """Columns of a header flattened one cell per line from ``index``; a cell may wrap once."""
    if column_field(lines[index].text) != "no":
        return None
    fields = ["no"]
    index += 1
    while index < len(lines):
        name = column_field(lines[index].text)
        width = 1
        if name is None and index + 1 < len(lines) and len(lines[index].text) <= MAX_HEADER_CELL // 2:
            name, width = column_field(lines[index].text + lines[index + 1].text), 2
        if name is None or name in fields:
            break
        fields.append(name)
        index += width
    if not is_task_header(fields):
        return None
    resolved = resolve_responsible({name: column for column, name in enumerate(fields)})
    return [next(name for name, at in resolved.items() if at == column) for column in range(len(fields))], index


class FlattenedTableParser:
    """One table flattened to text: one cell per line, empty cells gone, long cells wrapped.

    Rows are found by their running number; within a row the cells are told apart by what they
    hold (task text first, then a person's name or a dash, then lines of unit names), because
    an empty cell leaves no trace. A section heading is a line that is neither and is followed
    by a category label such as ``(一)`` or by the next row.
    """

    def __init__(self, lines: list[_Line], index: int, columns: list[str], directory: UnitDirectory) -> None:
        self.lines = lines
        self.index = index
        self.columns = columns
        self.directory = directory
        self.expected = 1
        self.section: str | None = None
        self.category: str | None = None
        self.drafts: list[tuple[str | None, str | None, TaskDraft]] = []
        # The boundary tests look at the same lines again and again (~6 times each): remember
        # what a line holds for this table only.
        self._names_unit: dict[str, bool] = {}
        self._unit_line: dict[str, bool] = {}

    def _names_any_unit(self, line: str) -> bool:
        known = self._names_unit.get(line)
        if known is None:
            known = self._names_unit[line] = names_any_unit(line)
        return known

    def _looks_like_unit_line(self, line: str) -> bool:
        known = self._unit_line.get(line)
        if known is None:
            known = self._unit_line[line] = looks_like_unit_line(line)
        return known

    def _text(self, offset: int = 0) -> str | None:
        position = self.index + offset
        return self.lines[position].text if position < len(self.lines) else None

    def _is_row_number(self, line: str | None) -> bool:
        match = ROW_NUMBER.match(line or "")
        return match is not None and int(match.group(1)) in (self.expected, 1)

    def _is_section_heading(self, offset: int) -> bool:
        line, following = self._text(offset), self._text(offset + 1)
        if line is None or following is None or ROW_NUMBER.match(line) or CATEGORY_LABEL.match(line):
            return False
        if FIRST_CATEGORY.match(following):
            return True
        return not self._names_any_unit(line) and self._is_row_number(following)

    def _at_boundary(self, offset: int = 0) -> bool:
        line = self._text(offset)
        if line is None:
            return True
        return (self._is_row_number(line) or bool(CATEGORY_LABEL.match(line))
                or bool(SECTION_LABEL.match(line)) or self._is_section_heading(offset))

    def parse(self) -> tuple[list[TaskRecord], int]:
        while self._text() is not None:
            line = self._text() or ""
            if self._is_row_number(line):
                self._parse_row()
            elif CATEGORY_LABEL.match(line):
                self._parse_category()
            elif SECTION_LABEL.match(line) or self._is_section_heading(0):
                self.section, self.category = line, None
                self.index += 1
            else:
                break
        tasks = [build_task(number, section, category, draft, self.directory)
                 for number, (section, category, draft) in enumerate(self.drafts, start=1)]
        return tasks, self.index

    def _parse_category(self) -> None:
        label = self._text() or ""
        self.index += 1
        title = self._text()
        bare = CATEGORY_LABEL.fullmatch(label) is not None
        if bare and title and not self._is_row_number(title) and not CATEGORY_LABEL.match(title):
            label += title
            self.index += 1
        self.category = label

    def _parse_row(self) -> None:
        number = ROW_NUMBER.match(self._text() or "")
        assert number is not None  # called on a row number only
        self.expected = int(number.group(1)) + 1
        self.index += 1
        first = self._text()
        if first is None or self._is_row_number(first) or CATEGORY_LABEL.match(first):
            return
        start = self.lines[self.index].start
        text_lines = [self._text() or ""]
        self.index += 1
        while not self._at_boundary() and not self._is_leader() and not self._looks_like_unit_line(self._text() or ""):
            text_lines.append(self._text() or "")
            self.index += 1
        draft = TaskDraft(text="".join(text_lines), start=start)
        self._cells_after_text(draft)
        self.drafts.append((self.section, self.category, draft))

    def _cells_after_text(self, draft: TaskDraft) -> None:
        """The row's other cells in the header's column order (责任单位 before 完成时限 before
        责任领导, or 分管领导 before 牵头单位 …); an empty cell leaves no line, so each column
        takes a line only when the line holds what that column holds."""
        after_text = self.columns[self.columns.index("text") + 1:] if "text" in self.columns else []
        units_read = False
        for name in after_text:
            if name == "leader" and self._leader_cell_here():
                draft.leader = normalize_leader(self._text() or "")
                self.index += 1
            elif name in UNIT_FIELDS and not units_read:
                draft.unit_cells, units_read = self._unit_cells(), True
            elif name == "deadline":
                self._deadline_cell(draft)
            elif name == "remark":
                self._remark_cell(draft)

    def _is_leader(self) -> bool:
        line = self._text()
        return line is not None and not self._at_boundary() and _looks_like_leader(line, self.directory)

    def _unit_cells(self) -> dict[str, str]:
        """Unit lines → cells. A cell wrapped over lines is joined again: after a separator, where
        the next line is only the end of a name (``…番禺区`` + ``政府``), and where a line is cut
        inside a name (``…、市规`` + ``划和自然资源局，…``), as a PDF wraps a long cell."""
        cells: list[str] = []
        while not self._at_boundary():
            line = self._text() or ""
            if cells and (cells[-1][-1] in UNIT_SEPARATORS or self._ends_a_name(cells[-1], line)):
                cells[-1] += line
            elif self._looks_like_unit_line(line):
                cells.append(line)
            elif (wrapped := self._unit_line_cut_in_a_name()) is not None:
                joined, used = wrapped
                cells.append(joined)
                self.index += used - 1
            else:
                break
            self.index += 1
        fields = [name for name in self.columns if name in UNIT_FIELDS]
        if not cells or not fields:
            return {}
        # More cells than unit columns: the extra lines are a lead cell written over two lines.
        extra = max(0, len(cells) - len(fields))
        grouped = ["、".join(cells[: extra + 1]), *cells[extra + 1:]]
        return dict(zip(fields, grouped, strict=False))

    def _ends_a_name(self, cell: str, line: str) -> bool:
        """``line`` is no unit line of its own but completes the last name of ``cell``."""
        return not self._looks_like_unit_line(line) and self._looks_like_unit_line(cell + line)

    def _unit_line_cut_in_a_name(self) -> tuple[str, int] | None:
        """This line and the next ones (how many: the int) as one unit line, when only together
        they name units."""
        joined = self._text() or ""
        if not self._names_any_unit(joined):
            return None
        for used in range(1, MAX_WRAPPED_UNIT_LINES):
            following = self._text(used)
            if following is None or self._at_boundary(used):
                return None
            joined += following
            if self._looks_like_unit_line(joined):
                return joined, used + 1
        return None

    def _hard_boundary(self) -> bool:
        """A boundary whatever the line says: a row number, a label, or a line before ``(一)``."""
        line, following = self._text(), self._text(1)
        return line is None or self._is_row_number(line) or bool(
            CATEGORY_LABEL.match(line) or SECTION_LABEL.match(line) or FIRST_CATEGORY.match(following or ""))

    def _leader_cell_here(self) -> bool:
        """Inside a row a person's name is its leader cell, also as the row's last line (where
        ``_is_leader`` would take it for a section heading before the next row number)."""
        line = self._text()
        return line is not None and not self._hard_boundary() and _looks_like_leader(line, self.directory)

    def _deadline_cell(self, draft: TaskDraft) -> None:
        line = self._text()
        if line and len(line) <= MAX_DEADLINE and not self._hard_boundary() and DEADLINE_WORDS.search(line):
            draft.deadline = line
            self.index += 1

    def _remark_cell(self, draft: TaskDraft) -> None:
        """A 备注 cell: the row's last line; it never ends with 。, which a section title may."""
        line = self._text()
        if (line and not line.endswith("。") and not PAGE_FOOTER.search(line)
                and not self._hard_boundary() and self._at_boundary(1)):
            draft.remark = line
            self.index += 1


def parse_flattened_tables(text: str, directory: UnitDirectory, first_no: int = 1) -> list[TaskRecord]:
    """Tasks of every task table flattened into ``text``, numbered on from ``first_no``."""
    lines = _nonblank_lines(text)
    tasks: list[TaskRecord] = []
    index = 0
    while index < len(lines):
        header = _text_header(lines, index)
        if header is None:
            index += 1
            continue
        columns, index = header
        found, index = FlattenedTableParser(lines, index, columns, directory).parse()
        for task in found:
            task.no = first_no + len(tasks)
            tasks.append(task)
    return tasks

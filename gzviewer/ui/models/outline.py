"""The heading outline of one document as a tree; each item knows where its heading starts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QStandardItem, QStandardItemModel

from gzviewer.ui.models.roles import ID_ROLE, LOCATION_ROLE

HEADER = "目录"


@dataclass(frozen=True)
class OutlineEntry:
    """A heading as plain values (built from the stored Heading rows)."""

    id: int
    parent_id: int | None
    level: int
    label: str
    title: str
    start: int

    @property
    def text(self) -> str:
        return f"{self.label}{self.title}"


class OutlineModel(QStandardItemModel):
    """Headings nested under their parents; ``LOCATION_ROLE`` holds (document_id, start, start)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([HEADER])

    def set_outline(self, document_id: int | None, entries: list[OutlineEntry]) -> None:
        self.clear()
        self.setHorizontalHeaderLabels([HEADER])
        items: dict[int, QStandardItem] = {}
        for entry in entries:
            item = QStandardItem(entry.text)
            item.setEditable(False)
            item.setToolTip(entry.text)
            item.setData(entry.id, ID_ROLE)
            item.setData((document_id, entry.start, entry.start), LOCATION_ROLE)
            parent = items.get(entry.parent_id) if entry.parent_id is not None else None
            (parent or self.invisibleRootItem()).appendRow(item)
            items[entry.id] = item


SECTION_STOPS = "。；;"


def with_task_sections(entries: list[OutlineEntry], sections: list[str], text: str) -> list[OutlineEntry]:
    """The outline of a task notice with its sections above the (一)(二)… categories.

    A notice's sections (「强化科技创新支撑能力。」) are lines without a label, so the outline
    parser leaves them out and the categories make a flat list; the tasks know their section.
    Each section is found in ``text`` in order and the top-level headings after it are put under
    it. Unchanged when fewer than two sections are found or the outline already has them.
    """
    titles = {e.title.rstrip(SECTION_STOPS) for e in entries}
    found: list[tuple[int, str]] = []
    position = 0
    for section in sections:
        name = section.strip().rstrip(SECTION_STOPS)
        if not name or name in titles:
            continue
        start = text.find(name, position)
        if start < 0:
            continue
        found.append((start, name))
        position = start + len(name)
    if len(found) < 2:
        return entries
    made = [OutlineEntry(-(i + 1), None, 0, "", name, start) for i, (start, name) in enumerate(found)]
    starts = [start for start, _ in found]
    result: list[OutlineEntry] = []
    pending = list(made)
    for entry in entries:
        while pending and pending[0].start <= entry.start:
            result.append(pending.pop(0))
        parent = entry.parent_id
        if parent is None:
            owner = max((i for i, start in enumerate(starts) if start <= entry.start), default=None)
            parent = made[owner].id if owner is not None else None
        result.append(OutlineEntry(entry.id, parent, entry.level, entry.label, entry.title, entry.start))
    return result + pending

"""The document pane: title, legend, the text view and its find bar; owns the outline model."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QTreeView, QVBoxLayout, QWidget

from gzviewer.parse.records import KIND_TASK_ASSIGNMENT
from gzviewer.store.database import Database
from gzviewer.store.queries import (
    DocumentText,
    TargetFilter,
    distinct_sections,
    document_outline,
    document_text,
    fetch_targets,
)
from gzviewer.ui.colors import GLOSSARY_UNDERLINE, TARGET_BACKGROUND, TASK_BACKGROUND
from gzviewer.ui.document_view import MAX_FIND_MATCHES, DocumentView
from gzviewer.ui.elided_label import ElidedLabel
from gzviewer.ui.find_bar import FindBar
from gzviewer.ui.models.outline import OutlineEntry, OutlineModel, with_task_sections
from gzviewer.ui.models.roles import LOCATION_ROLE

NO_DOCUMENT = "未打开文件"
TITLE_TOOLTIP = "{title}\n{kind}，来源文件：{source}"
LEGEND = ('<span style="background:{target}">&nbsp;指标&nbsp;</span>&nbsp;&nbsp;'
          '<span style="background:{task}">&nbsp;任务&nbsp;</span>&nbsp;&nbsp;'
          '<span style="text-decoration:underline; color:{glossary}">名词解释</span>'
          '<span style="color:gray">（鼠标悬停查看）</span>')


def _outline_entries(database: Database, document: DocumentText) -> list[OutlineEntry]:
    with database.session() as session:
        entries = [OutlineEntry(h.id, h.parent_id, h.level, h.label, h.title, h.start)
                   for h in document_outline(session, document.id)]
        if document.kind != KIND_TASK_ASSIGNMENT:
            return entries
        sections = distinct_sections(session, document.id)
    return with_task_sections(entries, sections, document.text)


class DocumentPane(QWidget):
    documentOpened = Signal(int, str)  # id, title

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.document: DocumentText | None = None

        self.title_label = ElidedLabel(NO_DOCUMENT, self)
        self.title_label.setObjectName("documentTitle")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.legend_label = QLabel(LEGEND.format(target=TARGET_BACKGROUND.name(), task=TASK_BACKGROUND.name(),
                                                 glossary=GLOSSARY_UNDERLINE.name()), self)
        self.view = DocumentView(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()

        self.outline_model = OutlineModel(self)
        self.outline_view = QTreeView()
        self.outline_view.setObjectName("outlineView")
        self.outline_view.setModel(self.outline_model)
        self.outline_view.setHeaderHidden(True)
        self.outline_view.setUniformRowHeights(True)
        self.outline_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.outline_view.setAccessibleName("目录")

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.legend_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)

        self.outline_view.clicked.connect(self._heading_clicked)
        self.outline_view.activated.connect(self._heading_clicked)
        self.find_bar.textChanged.connect(self._find_text_changed)
        self.find_bar.nextRequested.connect(self.find_next)
        self.find_bar.previousRequested.connect(self.find_previous)
        self.find_bar.closed.connect(self._find_closed)

    # --- opening ---------------------------------------------------------------------------------

    @property
    def document_id(self) -> int | None:
        return self.document.id if self.document else None

    def open_document(self, document_id: int) -> None:
        """Show ``document_id`` (raises NotFoundError if it no longer exists)."""
        with self._database.session() as session:
            document = document_text(session, document_id)
            targets = fetch_targets(session, TargetFilter(document_id=document_id))
        self.document = document
        self.view.set_document(document, targets)
        self.outline_model.set_outline(document_id, _outline_entries(self._database, document))
        self.outline_view.expandToDepth(0)
        self.title_label.setText(document.display_title)
        self.title_label.setToolTip(TITLE_TOOLTIP.format(title=document.display_title, kind=document.kind_label,
                                                         source=document.source_name))
        if self.find_bar.isVisible() and self.find_bar.edit.text():
            self._find_text_changed(self.find_bar.edit.text())
        self.documentOpened.emit(document.id, document.display_title)

    def clear(self) -> None:
        self.document = None
        self.view.set_document(None, [])
        self.outline_model.set_outline(None, [])
        self.title_label.setText(NO_DOCUMENT)
        self.title_label.setToolTip("")

    def show_location(self, document_id: int, spans: list[tuple[int, int]]) -> None:
        if document_id != self.document_id:
            self.open_document(document_id)
        self.view.locate(spans)

    def _heading_clicked(self, index: QModelIndex) -> None:
        location = index.data(LOCATION_ROLE)
        if location and location[0] == self.document_id:
            self.view.scroll_to_offset(location[1])

    # --- find ------------------------------------------------------------------------------------

    def open_find(self) -> None:
        selected = self.view.textCursor().selectedText()
        self.find_bar.open_bar(selected if selected and "\u2029" not in selected else None)
        self._find_text_changed(self.find_bar.edit.text())

    def _find_text_changed(self, text: str) -> None:
        total = self.view.find_all(text)
        if total:
            self.view.go_to_match(1)
        self.find_bar.show_count(self.view.current_match, total, total >= MAX_FIND_MATCHES)

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.find_bar.isVisible():
            self.open_find()
            return
        self.view.go_to_match(step)
        self.find_bar.show_count(self.view.current_match, self.view.match_count)

    def _find_closed(self) -> None:
        self.view.clear_find()
        self.view.setFocus()


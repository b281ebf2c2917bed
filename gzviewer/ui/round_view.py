"""The round view: pick a reporting round, see per lead unit who returned the sheet, what was
reported, unchanged and late; open a round, export the 催办 list and write the bulletin.

The exports run off the GUI thread (``JobRunner``) with plain values; each opens its own session.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gzviewer.errors import GzviewerError
from gzviewer.services.bulletin import write_bulletin
from gzviewer.services.rounds import export_chase_list, list_round_infos, open_round, round_status
from gzviewer.store.database import Database
from gzviewer.ui.models.roles import SORT_ROLE
from gzviewer.ui.models.supervision import R_UNIT, RoundStatusModel
from gzviewer.ui.table_setup import configure_table
from gzviewer.ui.workers import JobRunner

NO_ROUNDS = "还没有督办轮次，点“新建轮次…”开始"
SUMMARY = ("返回截止 {due}：牵头单位 {units} 个，已返回 {returned} 个，未返回 {missing} 个；"
           "已填报 {reported} 项，逾期或滞后 {late} 项")
NO_DUE = "未定"
NEW_ROUND = "新建轮次…"
CHASE = "导出催办清单…"
BULLETIN = "生成情况通报…"
REFRESH = "刷新"
DIALOG_TITLE = "新建督办轮次"
NAME_LABEL = "名称"
DUE_LABEL = "返回截止"
NAME_PLACEHOLDER = "如：2021年第一季度"
CHASE_FILTER = "Excel 工作簿 (*.xlsx)"
BULLETIN_FILTER = "Word 文档 (*.docx)"
CHASE_NAME = "{round}催办清单.xlsx"
BULLETIN_NAME = "{round}督办情况通报.docx"
WORKING = "正在生成 {name} …"
CHASE_DONE = "已导出催办清单：{path}（{units} 个单位，{tasks} 项任务）"
BULLETIN_DONE = "已生成情况通报：{path}"
FAILED = "未完成：{reason}"
UNIT_WIDTH = 190


class RoundDialog(QDialog):
    """Name and return date of a new round."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(DIALOG_TITLE)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(NAME_PLACEHOLDER)
        self.due = QDateEdit(QDate.currentDate().addDays(14), self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(NAME_LABEL, self.name)
        form.addRow(DUE_LABEL, self.due)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.due.date().toString("yyyy-MM-dd")


class RoundView(QWidget):
    roundChanged = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None, runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundView")
        self._database = database
        self._runner = runner or JobRunner(self)
        self.today: date | None = None

        self.round_choice = QComboBox(self)
        self.round_choice.setObjectName("roundChoice")
        self.round_choice.setMinimumContentsLength(14)
        self.new_button = QPushButton(NEW_ROUND, self)
        self.chase_button = QPushButton(CHASE, self)
        self.bulletin_button = QPushButton(BULLETIN, self)
        self.refresh_button = QPushButton(REFRESH, self)
        self.summary = QLabel(NO_ROUNDS, self)
        self.summary.setObjectName("roundSummary")
        self.summary.setWordWrap(True)
        self.status_line = QLabel(self)
        self.status_line.setObjectName("roundStatusLine")
        self.status_line.setStyleSheet("color: gray")

        self.model = RoundStatusModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setObjectName("roundStatusView")
        self.view.setAccessibleName("各单位返回情况")
        self.view.setModel(self.proxy)
        configure_table(self.view)
        self.view.setSortingEnabled(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order: not returned first
        self.proxy.sort(-1)
        self.view.setColumnWidth(R_UNIT, UNIT_WIDTH)

        top = QHBoxLayout()
        top.addWidget(QLabel("督办轮次", self))
        top.addWidget(self.round_choice, 1)
        for button in (self.new_button, self.chase_button, self.bulletin_button, self.refresh_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_line)

        self.round_choice.currentTextChanged.connect(self.show_round)
        self.new_button.clicked.connect(lambda: self.new_round())
        self.chase_button.clicked.connect(lambda: self.export_chase())
        self.bulletin_button.clicked.connect(lambda: self.export_bulletin())
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh()

    @property
    def current_round(self) -> str | None:
        return self.round_choice.currentText() or None

    def refresh(self) -> None:
        """Reload the list of rounds (keeping the one shown, else the newest) and its status."""
        with self._database.session() as session:
            names = [info.name for info in list_round_infos(session)]
        keep = self.current_round
        self.round_choice.blockSignals(True)
        self.round_choice.clear()
        self.round_choice.addItems(names)
        if names:
            self.round_choice.setCurrentText(keep if keep in names else names[-1])
        self.round_choice.blockSignals(False)
        for button in (self.chase_button, self.bulletin_button):
            button.setEnabled(bool(names))
        self.show_round(self.current_round or "")

    def show_round(self, name: str) -> None:
        if not name:
            self.model.set_units([])
            self.summary.setText(NO_ROUNDS)
            return
        with self._database.session() as session:
            status = round_status(session, name, self.today)
        self.model.set_units(status.units)
        units = status.units
        self.summary.setText(SUMMARY.format(
            due=status.round.due or NO_DUE, units=len(units), returned=len(units) - len(status.missing_units),
            missing=len(status.missing_units), reported=sum(u.reported for u in units),
            late=sum(u.late for u in units)))
        self.roundChanged.emit(name)

    def new_round(self, name: str | None = None, due: str | None = None) -> bool:
        """Open a round (asks for name and date unless given)."""
        if name is None:
            dialog = RoundDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            name, due = dialog.values()
        if not name:
            return False
        try:
            with self._database.session() as session:
                open_round(session, name, due)
        except GzviewerError as exc:
            self.status_line.setText(FAILED.format(reason=exc))
            return False
        self.round_choice.blockSignals(True)
        self.round_choice.addItem(name)
        self.round_choice.setCurrentText(name)
        self.round_choice.blockSignals(False)
        self.refresh()
        return True

    def _ask_path(self, suggested: str, file_filter: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, suggested, suggested, file_filter)
        return path or None

    def export_chase(self, path: str | None = None) -> None:
        name = self.current_round
        if not name:
            return
        path = path or self._ask_path(CHASE_NAME.format(round=name), CHASE_FILTER)
        if not path:
            return
        database, today = self._database, self.today

        def job(_progress):
            with database.session() as session:
                written, rows = export_chase_list(session, name, path, today=today, overwrite=True)
            return CHASE_DONE.format(path=written, units=len({r.unit for r in rows}), tasks=len(rows))

        self._start(job, Path(path).name)

    def export_bulletin(self, path: str | None = None) -> None:
        name = self.current_round
        if not name:
            return
        path = path or self._ask_path(BULLETIN_NAME.format(round=name), BULLETIN_FILTER)
        if not path:
            return
        database, today = self._database, self.today

        def job(_progress):
            with database.session() as session:
                result = write_bulletin(session, name, path, issued=today, overwrite=True)
            return BULLETIN_DONE.format(path=result.path)

        self._start(job, Path(path).name)

    def _start(self, job, name: str) -> None:
        self.status_line.setText(WORKING.format(name=name))
        self._runner.start(job, on_finished=self._finished, on_failed=self._failed)

    def _finished(self, message: str) -> None:
        self.status_line.setText(message)

    def _failed(self, reason: str) -> None:
        self.status_line.setText(FAILED.format(reason=reason))

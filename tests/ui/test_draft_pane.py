"""The drafting pane: choose a report, draft it in the background, read, locate and export the draft."""

from __future__ import annotations

import re
import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt

from gzviewer.errors import NotFoundError
from gzviewer.parse.drafting import DraftTask
from gzviewer.parse.unit_suggest import UnitSuggestion
from gzviewer.parse.units import UnitDirectory
from gzviewer.store import drafting_queries
from gzviewer.store.database import open_database
from gzviewer.store.models import Document
from gzviewer.store.queries import list_documents
from gzviewer.ui.draft_pane import DraftPane
from gzviewer.ui.models.drafts import COL_SUGGESTED, COL_TEXT, COLUMNS, DraftTableModel
from gzviewer.ui.workers import JobRunner

DISTRICT_REPORT = re.compile(r"区人民政府工作报告")
DRAFT_TIMEOUT_MS = 60_000


@pytest.fixture
def store(seeded_db_url):
    database = open_database(seeded_db_url)
    yield database
    database.dispose()


@pytest.fixture
def documents(store):
    with store.session() as session:
        return list_documents(session)


def _make_pane(qtbot, store, documents, runner=None) -> DraftPane:
    pane = DraftPane(store, runner)
    qtbot.addWidget(pane)
    pane.resize(1200, 700)
    pane.set_documents(documents)
    return pane


@pytest.fixture
def pane(qtbot, store, documents):
    pane = _make_pane(qtbot, store, documents)
    yield pane
    pane._runner.wait()


def _district_report(documents) -> int:
    (report,) = [d for d in documents if d.kind == "work_report" and DISTRICT_REPORT.search(d.title)]
    return report.id


def _report_text(store, document_id: int) -> str:
    with store.session() as session:
        return session.get(Document, document_id).text


def _draft(qtbot, pane: DraftPane, document_id: int) -> None:
    assert pane.select_report(document_id)
    qtbot.mouseClick(pane.draft_button, Qt.MouseButton.LeftButton)
    assert not pane.draft_button.isEnabled()  # disabled while the job runs
    assert pane.status_label.text().startswith("正在起草…")
    qtbot.waitUntil(lambda: not pane.drafting, timeout=DRAFT_TIMEOUT_MS)


def _cell(pane: DraftPane, row: int, column: int) -> str:
    return pane.proxy.index(row, column).data()


def test_only_reports_and_plans_are_offered(pane, documents):
    offered = {pane.report_choice.itemData(i) for i in range(pane.report_choice.count())}
    assert offered == {d.id for d in documents if d.kind != "task_assignment"}
    assert not any(d.kind == "task_assignment" and d.id in offered for d in documents)
    assert pane.objectName() == "draftPane"
    assert pane.draft_button.isEnabled() and not pane.export_button.isEnabled()
    assert pane.count_label.text() == "共 0 项候选任务"


def test_drafting_a_district_report(qtbot, pane, store, documents):
    report_id = _district_report(documents)
    messages = []
    pane.statusMessage.connect(messages.append)
    _draft(qtbot, pane, report_id)

    rows = pane.proxy.rowCount()
    assert rows > 50
    assert pane.count_label.text() == f"共 {rows} 项候选任务"
    assert pane.source_label.text() == f"起草自：{pane.report_choice.currentText()}"
    assert pane.draft_button.isEnabled() and pane.export_button.isEnabled()
    assert [pane.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == [
        "序号", "所属部分", "类别", "重点工作", "建议牵头单位", "备选单位", "得分"]
    directory = UnitDirectory.load()
    suggested = [_cell(pane, r, COL_SUGGESTED) for r in range(rows)]
    with_unit = [unit for unit in suggested if unit != "（无建议）"]
    assert len(with_unit) >= 0.8 * rows
    assert all(directory.knows(unit) for unit in with_unit)
    text = _report_text(store, report_id)
    assert all(_cell(pane, r, COL_TEXT) in text for r in range(rows))
    assert messages[0] == "正在起草…" and f"{rows} 项候选任务" in messages[-1]


def test_double_click_shows_the_sentence_in_the_report(qtbot, pane, store, documents):
    report_id = _district_report(documents)
    _draft(qtbot, pane, report_id)
    pane.show()
    qtbot.waitExposed(pane)
    text = _report_text(store, report_id)
    for row in (0, pane.proxy.rowCount() // 2, pane.proxy.rowCount() - 1):
        index = pane.proxy.index(row, COL_TEXT)
        pane.view.scrollTo(index)
        position = pane.view.visualRect(index).center()
        with qtbot.waitSignal(pane.locationRequested, timeout=2000) as blocker:
            # A real double-click: a click, then the second press that Qt reports as a double-click.
            qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=position)
            qtbot.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=position)
        document_id, spans = blocker.args
        assert document_id == report_id and len(spans) == 1
        start, end = spans[0]
        assert 0 <= start < end <= len(text)
        assert text[start:end] == _cell(pane, row, COL_TEXT)


def test_export_writes_the_shown_draft(qtbot, pane, documents, tmp_path):
    report_id = _district_report(documents)
    _draft(qtbot, pane, report_id)
    title = pane.report_choice.currentText()
    assert pane.default_file_name() == f"{title}-分工表草稿.xlsx"
    path = tmp_path / pane.default_file_name()
    with qtbot.waitSignal(pane.statusMessage, timeout=DRAFT_TIMEOUT_MS) as blocker:
        pane.export_to(path)
    assert blocker.args[0].startswith("已导出") and str(path) in blocker.args[0]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == f"{title}重点工作责任分工（草稿）"
    assert [c.value for c in sheet[2]] == list(COLUMNS)
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == pane.proxy.rowCount()
    assert [r[3] for r in rows] == [_cell(pane, r, COL_TEXT) for r in range(len(rows))]
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_export_failure_is_one_chinese_line(qtbot, pane, documents, tmp_path):
    _draft(qtbot, pane, _district_report(documents))
    with qtbot.waitSignal(pane.statusMessage, timeout=DRAFT_TIMEOUT_MS) as blocker:
        pane.export_to(tmp_path / "没有这个目录" / "草稿.xlsx")
    message = blocker.args[0]
    assert message.startswith("无法写入文件") and "\n" not in message
    assert pane.status_label.text() == message
    assert pane.export_button.isEnabled()


def _fake_drafts(document_id: int, count: int) -> list[DraftTask]:
    return [DraftTask(n, None, None, f"第{document_id}号文件的任务{n}。", n, [UnitSuggestion("市教育局", 1.0)],
                      start=n, end=n + 5) for n in range(1, count + 1)]


def test_an_older_result_never_replaces_a_newer_one(qtbot, store, documents, monkeypatch):
    runner = JobRunner(max_threads=2)  # both requests run at once: the older one can finish last
    pane = _make_pane(qtbot, store, documents, runner)
    first, second = [d.id for d in documents if d.kind != "task_assignment"][:2]
    release = threading.Event()

    def fake_draft(_session, document_id, progress=None):
        if document_id == first:
            assert release.wait(10)
            return _fake_drafts(first, 3)
        return _fake_drafts(second, 7)

    monkeypatch.setattr(drafting_queries, "draft_for_document", fake_draft)
    pane.select_report(first)
    pane.draft()
    pane.select_report(second)
    pane.draft()
    qtbot.waitUntil(lambda: pane.model.document_id == second, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert runner.wait(5000)
    assert pane.model.document_id == second and pane.proxy.rowCount() == 7
    assert pane.count_label.text() == "共 7 项候选任务"
    assert pane.draft_button.isEnabled()


def test_a_failed_draft_is_reported_and_the_button_comes_back(qtbot, pane, documents, monkeypatch):
    def failing(_session, _document_id, progress=None):
        raise NotFoundError("文件“某报告”没有可用的正文句子")

    monkeypatch.setattr(drafting_queries, "draft_for_document", failing)
    with qtbot.waitSignal(pane.statusMessage, timeout=5000, check_params_cb=lambda m: "没有可用" in m):
        pane.draft()
    assert pane.status_label.text() == "文件“某报告”没有可用的正文句子"
    assert pane.draft_button.isEnabled() and not pane.export_button.isEnabled()


def test_a_removed_report_clears_its_draft(qtbot, pane, documents, monkeypatch):
    report_id = _district_report(documents)
    monkeypatch.setattr(drafting_queries, "draft_for_document",
                        lambda _session, document_id, progress=None: _fake_drafts(document_id, 4))
    pane.select_report(report_id)
    pane.draft()
    qtbot.waitUntil(lambda: pane.proxy.rowCount() == 4, timeout=5000)
    pane.set_documents([d for d in documents if d.id != report_id])
    assert pane.proxy.rowCount() == 0 and pane.count_label.text() == "共 0 项候选任务"
    assert pane.report_choice.findData(report_id) == -1
    pane.set_documents([])
    assert pane.report_choice.currentText() == "（没有可起草的报告）" and not pane.draft_button.isEnabled()


def test_draft_model_passes_the_model_tester(qtmodeltester):
    model = DraftTableModel()
    model.set_drafts(5, _fake_drafts(5, 4) + [DraftTask(5, "(一)部分", "类别", "没有建议的任务。", 9)])
    qtmodeltester.check(model)
    assert model.index(4, COL_SUGGESTED).data() == "（无建议）"
    assert "市教育局" in model.index(0, COL_SUGGESTED).data(Qt.ItemDataRole.ToolTipRole)


def test_a_work_report_is_offered_first_and_no_title_or_preamble_is_a_candidate(qtbot, window):
    from gzviewer.store.drafting_queries import draft_for_document

    pane = window.links_tab.pages.widget(window.links_tab.pages.count() - 1)
    kinds = {d.id: d.kind for d in window.library.model.documents}
    assert kinds[pane.report_choice.currentData()] == "work_report"
    recommendations = next(d for d in window.library.model.documents if d.kind == "five_year_plan")
    with window.database.session() as session:
        drafts = draft_for_document(session, recommendations.id)
    texts = [d.text for d in drafts]
    assert drafts and recommendations.title not in texts
    assert not any(t.startswith("财联社") or t.endswith("提出以下建议。") for t in texts)
    assert all(t.rstrip()[-1] in "。！？；;!?" for t in texts)

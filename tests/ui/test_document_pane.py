"""The document pane: find bar, outline navigation, marks and tooltips, zoom."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTreeView

from gzviewer.store.queries import document_outline, document_text
from gzviewer.ui.colors import TARGET_BACKGROUND
from gzviewer.ui.models.roles import LOCATION_ROLE
from tests.ui.conftest import document_id_of_seed, reopen, type_text

NEEDLE = "5G基站"


def open_seed(window, prefix: str) -> int:
    document_id = document_id_of_seed(window, prefix)
    window.library.select_document(document_id)
    assert window.document_pane.document_id == document_id
    return document_id


def stored_text(window, document_id: int) -> str:
    with window.database.session() as session:
        return document_text(session, document_id).text


def test_ctrl_f_finds_5g_base_stations_in_the_work_report(qtbot, window):
    document_id = open_seed(window, "000")
    view = window.findChild(QPlainTextEdit, "documentView")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = window.findChild(QLineEdit, "findBox")
    assert box.isVisible() and box.hasFocus()
    type_text(box, NEEDLE)
    expected = stored_text(window, document_id).count(NEEDLE)
    assert expected >= 1
    assert view.match_count == expected
    assert view.textCursor().selectedText() == NEEDLE
    count_label = window.findChild(QLabel, "findCountLabel")
    assert count_label.text() == f"第 1 / {expected} 处"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert count_label.text() == f"第 {min(2, expected) if expected > 1 else 1} / {expected} 处"
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert count_label.text() == f"第 1 / {expected} 处"
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.isVisible() and view.match_count == 0


def test_find_reports_no_match(qtbot, window):
    open_seed(window, "000")
    window.actions_by_key["find"].trigger()
    box = window.findChild(QLineEdit, "findBox")
    type_text(box, "不会出现的词语组合")
    assert window.findChild(QLabel, "findCountLabel").text() == "无匹配"


def test_clicking_an_outline_heading_scrolls_the_document(qtbot, window):
    document_id = open_seed(window, "000")
    outline = window.findChild(QTreeView, "outlineView")
    view = window.document_pane.view
    with window.database.session() as session:
        headings = document_outline(session, document_id)
    assert len(headings) > 5
    model = outline.model()
    last_top = model.index(model.rowCount() - 1, 0)
    assert last_top.isValid()
    target = model.index(model.rowCount(last_top) - 1, 0, last_top) if model.rowCount(last_top) else last_top
    outline.scrollTo(target)
    before = view.verticalScrollBar().value()
    qtbot.mouseClick(outline.viewport(), Qt.MouseButton.LeftButton, pos=outline.visualRect(target).center())
    document_id_at, start, _ = target.data(LOCATION_ROLE)
    assert document_id_at == document_id
    assert view.verticalScrollBar().value() > before
    assert view.textCursor().position() == start
    assert view.viewport().rect().contains(view.cursorRect().center())
    heading = next(h for h in headings if h.start == start)
    assert view.textCursor().block().text().startswith(heading.label)


def test_targets_are_marked_and_glossary_terms_explained(qtbot, window):
    document_id = open_seed(window, "002")
    with window.database.session() as session:
        document = document_text(session, document_id)
    assert document.glossary, "seed 002 has a glossary appendix"
    view = window.document_pane.view
    term = document.glossary[0]
    tips = [m.tooltip for m in view.marks_at(term.start)]
    assert any(term.definition[:10] in tip for tip in tips)
    target = window.targets_tab.model  # the figures of this document are marked in the text
    window.targets_tab.document_filter.setCurrentIndex(window.targets_tab.document_filter.findData(document_id))
    first = target.row_at(0)
    cursor = view.textCursor()
    cursor.setPosition(first.start + 1)
    assert cursor.charFormat().background().color() == TARGET_BACKGROUND


def test_selecting_a_target_shows_its_sentence(qtbot, window):
    targets = window.targets_tab
    window.tabs.setCurrentWidget(targets)
    targets.view.selectRow(0)
    row = targets.model.row_at(targets.proxy.mapToSource(targets.view.currentIndex()).row())
    pane = window.document_pane
    assert pane.document_id == row.document_id
    cursor = pane.view.textCursor()
    assert cursor.position() == row.start
    assert pane.view.extraSelections()


def test_targets_filters(qtbot, window):
    targets = window.targets_tab
    total = targets.model.rowCount()
    targets.kind_filter.setCurrentIndex(1)
    kinds = {targets.model.row_at(r).kind for r in range(targets.model.rowCount())}
    assert kinds == {targets.kind_filter.currentData()}
    type_text(targets.text_filter, "地区生产总值")
    targets.reload()
    assert 0 < targets.model.rowCount() < total
    assert str(targets.model.rowCount()) in targets.count_label.text()


def test_zoom_shortcuts_change_and_remember_the_font_size(qtbot, make_window, window):
    view = window.document_pane.view
    size = view.point_size
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.point_size == size + 2 and view.font().pointSize() == size + 2
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.point_size == size + 1
    reopened = reopen(make_window, window)
    assert reopened.document_pane.view.point_size == size + 1


def test_hovering_a_glossary_term_shows_its_definition(qtbot, window):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent, QTextCursor
    from PySide6.QtWidgets import QApplication, QToolTip

    document_id = open_seed(window, "002")
    with window.database.session() as session:
        term = document_text(session, document_id).glossary[0]
    view = window.document_pane.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(term.start + 1)
    view.setTextCursor(cursor)
    view.centerCursor()
    point = view.cursorRect(cursor).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    assert QToolTip.isVisible()
    assert term.term in QToolTip.text() and term.definition[:8] in QToolTip.text()
    QToolTip.hideText()


def test_the_notice_outline_is_a_tree_of_its_sections_and_categories(qtbot, window):
    window.open_document(document_id_of_seed(window, "004"))
    model = window.document_pane.outline_model
    root = model.invisibleRootItem()
    tops = [root.child(row) for row in range(root.rowCount())]
    assert len(tops) == 10, [t.text() for t in tops]
    assert tops[0].text() == "强化科技创新支撑能力"
    assert [tops[0].child(r).text() for r in range(tops[0].rowCount())][:2] == [
        "(一)加强战略科技力量建设", "(二)提升产业技术创新能力"]
    assert sum(t.rowCount() for t in tops) == 40
    _document, start, _ = tops[1].data(LOCATION_ROLE)
    text = window.document_pane.view.toPlainText()
    assert text[start:].startswith(tops[1].text())


def test_sections_are_put_above_the_headings_that_follow_them():
    from gzviewer.ui.models.outline import OutlineEntry, with_task_sections

    text = "通知\n甲工作。\n(一)甲一\n(二)甲二\n乙工作。\n(一)乙一\n"
    entries = [OutlineEntry(1, None, 2, "(一)", "甲一", text.index("(一)甲一")),
               OutlineEntry(2, None, 2, "(二)", "甲二", text.index("(二)")),
               OutlineEntry(3, None, 2, "(一)", "乙一", text.index("(一)乙一"))]
    tree = with_task_sections(entries, ["甲工作。", "乙工作。"], text)
    assert [(e.title, e.parent_id) for e in tree] == [("甲工作", None), ("甲一", -1), ("甲二", -1),
                                                      ("乙工作", None), ("乙一", -2)]
    assert with_task_sections(entries, ["甲工作。"], text) == entries

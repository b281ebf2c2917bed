"""Qt's own texts in Chinese: message box buttons and the file dialog, wherever Qt keeps its
translations (issue 18, item 7)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox

from gzviewer import app as gui_app
from gzviewer.ui.qt_texts import with_mnemonic

CJK = re.compile("[\u4e00-\u9fff]")


def test_message_box_buttons_and_file_dialog_are_chinese(qtbot, window):
    box = QMessageBox(QMessageBox.Icon.Question, "删除任务", "确定？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    qtbot.addWidget(box)
    texts = {box.button(b).text().replace("&", "") for b in (QMessageBox.StandardButton.Yes,
                                                             QMessageBox.StandardButton.No)}
    assert texts == {"是(Y)", "否(N)"}

    dialog = QFileDialog(window, "导入文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    # Qt 6 marks these "&Look in:", "Files of &type:"; its Chinese file has them without the mark.
    assert {"查找范围(&L)：", "文件类型(&T)："} <= labels
    assert [text for text in labels if not CJK.search(text)] == []
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == "取消"


def test_the_translation_is_found_when_qt_looks_in_the_wrong_folder(qtbot, monkeypatch, tmp_path):
    class NowhereLibraryInfo:
        LibraryPath = gui_app.QLibraryInfo.LibraryPath

        @staticmethod
        def path(_which):
            return str(tmp_path / "missing")

    monkeypatch.setattr(gui_app, "QLibraryInfo", NowhereLibraryInfo)
    folders = gui_app.qt_translation_dirs()
    assert folders and all("missing" not in f for f in folders)
    from PySide6.QtCore import QTranslator

    assert QTranslator().load(gui_app.QT_TRANSLATION, folders[0])


def test_a_mnemonic_goes_before_the_colon():
    assert with_mnemonic("查找范围：", "l") == "查找范围(&L)："
    assert with_mnemonic("打开", "o") == "打开(&O)"

"""The GUI entry points: ``create_main_window`` (also used by tests) and ``run_gui``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from gzviewer.errors import GzviewerError
from gzviewer.store.database import open_database
from gzviewer.ui.about import APP_TITLE
from gzviewer.ui.actions import app_icon
from gzviewer.ui.fonts import install_application_font
from gzviewer.ui.main_window import MainWindow
from gzviewer.ui.qt_texts import MnemonicFallbackTranslator

APP_NAME = "gzviewer"
START_FAILED_TITLE = "无法启动"
STORE_FAILED = "无法打开数据库“{url}”：{reason}"
QT_TRANSLATION = "qtbase_zh_CN"  # Qt's own texts: dialog buttons, context menus of text boxes
CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
# jieba (~1 s, ~100 MB) is loaded for the task search only after the window has been painted:
# in a thread at start-up it competed with building and painting the window for the one GIL.
SEARCH_WARM_UP_DELAY_MS = 1500

NO_DISPLAY = ("无法启动图形界面：没有可用的显示器（未设置 DISPLAY 或 WAYLAND_DISPLAY）。"
              "可在桌面环境中运行，或使用命令行功能（gzviewer --help）")

_translators: list[QTranslator] = []


def display_missing() -> bool:
    """True on Linux/BSD with no X11 or Wayland display and no Qt platform chosen.

    Qt would otherwise abort the process with an English message from its xcb plugin.
    """
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    return app


def _prepare(app: QApplication) -> None:
    """Names, icon, the bundled CJK font and Qt's own Chinese texts (dialog buttons); once per process."""
    if app.property("gzviewerPrepared"):
        return
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setWindowIcon(app_icon())
    install_application_font(app)
    QLocale.setDefault(CHINESE)
    install_qt_translation(app)
    app.setProperty("gzviewerPrepared", True)


def qt_translation_dirs() -> list[str]:
    """Where Qt's own translations may be: Qt's configured folder, then the folder inside the
    PySide6 package (a frozen build keeps them there; its configured folder may not exist)."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
               str(package / "Qt" / "translations"), str(package / "translations")]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(str(Path(bundle) / "PySide6" / "Qt" / "translations"))
    return [folder for folder in dict.fromkeys(folders) if folder and Path(folder).is_dir()]


def install_qt_translation(app: QApplication) -> bool:
    """Install qtbase_zh_CN (QMessageBox's 是/否, QFileDialog's 查找范围); False when it is missing."""
    for folder in qt_translation_dirs():
        translator = QTranslator(app)
        if translator.load(QT_TRANSLATION, folder):
            fallback = MnemonicFallbackTranslator(translator, app)
            for installed in (translator, fallback):  # the last installed is asked first
                app.installTranslator(installed)
                _translators.append(installed)
            return True
    return False


def create_main_window(db_url: str | None = None, *, import_samples: bool = True) -> MainWindow:
    """Open the store at ``db_url`` and build the main window (not shown).

    With an empty store the bundled samples are imported in the background;
    ``MainWindow.samplesImported`` is emitted when that is done.
    """
    app = _application()
    _prepare(app)
    database = open_database(db_url)
    window = MainWindow(database)
    window.destroyed.connect(database.dispose)
    if not (import_samples and window.import_samples_if_empty()):
        QTimer.singleShot(SEARCH_WARM_UP_DELAY_MS, window, lambda: _warm_up_if_shown(window))
    return window


def _warm_up_if_shown(window: MainWindow) -> None:
    if window.isVisible():  # not for a window that was closed (or never shown, as in tests)
        window.warm_up_search()


def run_gui(db_url: str | None = None) -> int:
    if display_missing() and QApplication.instance() is None:
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    app = _application()
    try:
        window = create_main_window(db_url)
    except (GzviewerError, OSError) as exc:  # OSError: the store's folder cannot be created
        _prepare(app)
        message = str(exc) if isinstance(exc, GzviewerError) else \
            STORE_FAILED.format(url=db_url or "", reason=exc.strerror or exc)
        QMessageBox.critical(None, START_FAILED_TITLE, message)
        return 1
    window.show()
    code = app.exec()
    window.database.dispose()
    return code

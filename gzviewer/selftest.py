"""``gzviewer selftest``: is this installation complete, and does it work? No screen needed.

Meant for the built folder (``dist/gzviewer/gzviewer selftest``) as much as for a checkout: every
bundled resource loads, a temporary database opens and migrates, jieba keeps unit names whole, the
sample documents give the expected numbers of headings, targets and tasks, and both workbooks can
be written and read back. Each check prints one line (通过：… / 失败：…); any failure makes the exit
status non-zero. The checks before the Qt ones never import Qt (``--no-gui`` stops there); the Qt
checks use the offscreen platform unless ``QT_QPA_PLATFORM`` says otherwise.

The expected counts live in ``resources/samples/expected.json``. After a deliberate change to the
extractors a maintainer refreshes them with ``python -m gzviewer.selftest --record`` and reviews
the diff; the file is never edited by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from gzviewer.paths import migrations_dir, resources_dir, samples_dir

if TYPE_CHECKING:
    from gzviewer.parse.records import ExtractedDocument
    from gzviewer.store.database import Database

PASS_WORD = "通过"
FAIL_WORD = "失败"
SUMMARY_PASSED = "自检完成：{total} 项全部通过"
SUMMARY_FAILED = "自检未通过：{failed}/{total} 项失败"

EXPECTED_FILE = "expected.json"
EXPECTED_NOTE = "Written by `python -m gzviewer.selftest --record`; do not edit by hand."
RECORD_COMMAND = "python -m gzviewer.selftest --record"
# What is counted per sample, with the label shown to the user.
COUNT_LABELS = {"headings": "目录", "targets": "目标", "tasks": "任务"}
TARGET_KIND = "target"  # achievements (past figures) are not counted: they are not what the sample promises

# A unit name as it stands in a responsibility notice; jieba must keep it one word here.
UNIT_SENTENCE = "由{}牵头负责"
HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
# jieba's user-dictionary line: word, optional frequency, optional part-of-speech tag.
USERDICT_LINE = re.compile(r"^\S+( [0-9]+)?( [a-z]+)?$")
ICONS_FOLDER = "icons"
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".woff", ".woff2"})
FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf", b"wOFF", b"wOF2")
MIGRATION_FILES = ("env.py", "script.py.mako")
OFFSCREEN = "offscreen"
QT_NETWORK_MODULE = "PySide6.QtNetwork"
QT_NETWORK_LIBRARY = "*Qt6Network*"


class CheckFailed(Exception):
    """A check found a problem; the message is the Chinese reason shown to the user."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str = ""

    def line(self) -> str:
        if self.passed:
            return f"{PASS_WORD}：{self.name}" + (f"（{self.detail}）" if self.detail else "")
        return f"{FAIL_WORD}：{self.name}：{self.detail}"


class NetworkGuard:
    """While active, every attempt to open a socket or resolve a name is refused and recorded.

    The app is offline by construction; the self-test proves it for the path it exercises.
    """

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def _refuse(self, what: str) -> OSError:
        self.attempts.append(what)
        return OSError(f"gzviewer 不使用网络（{what}）")

    @contextmanager
    def active(self) -> Iterator[None]:
        guard, saved = self, (socket.socket, socket.create_connection, socket.getaddrinfo)

        class RefusedSocket(socket.socket):
            def __init__(self, *args, **kwargs) -> None:
                raise guard._refuse("socket")

        def refuse_connection(address, *args, **kwargs):
            raise guard._refuse(f"create_connection {address!r}")

        def refuse_lookup(host, *args, **kwargs):
            raise guard._refuse(f"getaddrinfo {host!r}")

        socket.socket = RefusedSocket  # type: ignore[misc]
        socket.create_connection, socket.getaddrinfo = refuse_connection, refuse_lookup
        try:
            yield
        finally:
            socket.socket, socket.create_connection, socket.getaddrinfo = saved  # type: ignore[misc]


@dataclass
class SelftestRun:
    """What the checks hand on to each other: the temporary folder, database and extractions."""

    work_dir: Path
    database: Database | None = None
    extracted: dict[str, ExtractedDocument] = field(default_factory=dict)
    qt_app: Any = None
    windows: list[Any] = field(default_factory=list)
    network: NetworkGuard = field(default_factory=NetworkGuard)

    def require_database(self) -> Database:
        if self.database is None:
            raise CheckFailed("临时数据库未能打开（见上方“数据库”一项）")
        return self.database


Check = Callable[[SelftestRun], str]


# --- expected sample counts ------------------------------------------------------------------------

def expected_path() -> Path:
    return samples_dir() / EXPECTED_FILE


def sample_files() -> list[Path]:
    """The bundled sample documents (everything in samples/ except the expected counts)."""
    folder = samples_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != EXPECTED_FILE)


def sample_counts(extracted: ExtractedDocument) -> dict[str, int]:
    targets = sum(target.kind == TARGET_KIND for target in extracted.targets)
    return {"headings": len(extracted.outline), "targets": targets, "tasks": len(extracted.tasks)}


def load_expected() -> dict[str, dict[str, int]]:
    path = expected_path()
    try:
        samples = json.loads(path.read_text(encoding="utf-8"))["samples"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CheckFailed(f"预期数值文件“{path.name}”无法读取：{exc}") from exc
    if not isinstance(samples, dict) or not samples:
        raise CheckFailed(f"预期数值文件“{path.name}”中没有样例")
    return samples


def record_expected(path: Path | None = None) -> dict[str, dict[str, int]]:
    """Extract every sample and write its counts to ``path`` (default: the samples folder)."""
    from gzviewer.parse.pipeline import extract_file

    samples = {p.name: sample_counts(extract_file(p)) for p in sample_files()}
    if not samples:
        raise CheckFailed(f"样例目录“{samples_dir()}”中没有文件")
    payload = {"_note": EXPECTED_NOTE, "samples": samples}
    (path or expected_path()).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    return samples


# --- checks without Qt -----------------------------------------------------------------------------

def check_resource_files(run: SelftestRun) -> str:
    root = resources_dir()
    if not root.is_dir():
        raise CheckFailed(f"资源目录“{root}”不存在")
    files = [p for p in root.rglob("*") if p.is_file()]
    for path in files:
        try:
            data = path.read_bytes()
            if path.suffix == ".json":
                json.loads(data.decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise CheckFailed(f"“{path.relative_to(root)}”无法读取：{exc}") from exc
        if not data:
            raise CheckFailed(f"“{path.relative_to(root)}”是空文件")
    return f"{len(files)} 个文件，位于 {root}"


def check_unit_directory(run: SelftestRun) -> str:
    from gzviewer.errors import GzviewerError
    from gzviewer.parse.units import UnitDirectory

    try:
        directory = UnitDirectory.load()
    except GzviewerError as exc:
        raise CheckFailed(str(exc)) from exc
    if not directory.all_names():
        raise CheckFailed("单位目录为空")
    return f"{len(directory.all_names())} 个单位，{len(directory.every_spelling())} 种写法"


def check_dictionaries(run: SelftestRun) -> str:
    from gzviewer.parse.segmentation import dictionaries_dir

    paths = sorted(dictionaries_dir().glob("*.txt"))
    if not paths:
        raise CheckFailed(f"“{dictionaries_dir()}”中没有用户词典")
    words = 0
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CheckFailed(f"用户词典“{path.name}”无法读取：{exc}") from exc
        for number, line in enumerate(lines, start=1):
            if line.strip() and not USERDICT_LINE.match(line.strip()):
                raise CheckFailed(f"用户词典“{path.name}”第 {number} 行格式不对")
            words += bool(line.strip())
    return f"{len(paths)} 个词典，{words} 个词"


def font_files() -> list[Path]:
    folder = resources_dir() / "fonts"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)


def check_fonts(run: SelftestRun) -> str:
    paths = font_files()
    for path in paths:
        with path.open("rb") as handle:
            if handle.read(4) not in FONT_SIGNATURES:
                raise CheckFailed(f"“{path.name}”不是字体文件")
    return f"{len(paths)} 个字体文件" if paths else "未附带字体文件，使用系统字体"


def check_samples_present(run: SelftestRun) -> str:
    expected = load_expected()
    present = {p.name for p in sample_files()}
    missing = sorted(set(expected) - present)
    if missing:
        raise CheckFailed(f"缺少样例文件：{'、'.join(missing)}")
    unexpected = sorted(present - set(expected))
    if unexpected:
        raise CheckFailed(f"样例没有预期数值：{'、'.join(unexpected)}（维护者请运行 {RECORD_COMMAND}）")
    return f"{len(present)} 个样例文件"


def _script_directory():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config)


def check_migrations(run: SelftestRun) -> str:
    root = migrations_dir()
    missing = [name for name in (*MIGRATION_FILES, "versions") if not (root / name).exists()]
    if missing:
        raise CheckFailed(f"“{root}”中缺少 {'、'.join(missing)}")
    script = _script_directory()
    heads = script.get_heads()
    if len(heads) != 1:
        raise CheckFailed(f"迁移版本应有一个最新版本，实际为 {len(heads)} 个")
    return f"{len(list(script.walk_revisions()))} 个迁移，最新 {heads[0]}"


def check_database(run: SelftestRun) -> str:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import inspect

    from gzviewer.errors import GzviewerError
    from gzviewer.store.database import open_database
    from gzviewer.store.models import Base

    try:
        run.database = open_database(f"sqlite:///{run.work_dir / 'selftest.sqlite3'}")
    except GzviewerError as exc:
        raise CheckFailed(str(exc)) from exc
    engine = run.database.engine
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    head = _script_directory().get_current_head()
    if revision != head:
        raise CheckFailed(f"迁移后版本为 {revision}，应为 {head}")
    tables = set(inspect(engine).get_table_names())
    missing = sorted(set(Base.metadata.tables) - tables)
    if missing:
        raise CheckFailed(f"迁移后缺少数据表：{'、'.join(missing)}")
    return f"临时数据库已迁移到 {revision}，{len(tables)} 张表"


def check_segmentation(run: SelftestRun) -> str:
    from gzviewer.parse.segmentation import cut
    from gzviewer.parse.units import UnitDirectory

    names = [name for name in UnitDirectory.load().every_spelling() if HAN_ONLY.match(name)]
    if not names:
        raise CheckFailed("单位目录中没有可检查的单位名称")
    split = [name for name in names if name not in cut(UNIT_SENTENCE.format(name))]
    if split:
        raise CheckFailed(f"{len(split)} 个单位名称被切开，如：{'、'.join(split[:5])}")
    return f"{len(names)} 个单位名称均切分为一个词"


def check_jieba_cache(run: SelftestRun) -> str:
    from gzviewer.parse.segmentation import BUNDLED_CACHE_DIR, JIEBA_CACHE_FILE, jieba_module

    jieba = jieba_module()
    jieba.dt.check_initialized()
    cache_dir = Path(jieba.dt.tmp_dir or tempfile.gettempdir())
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root and cache_dir != Path(frozen_root) / BUNDLED_CACHE_DIR:
        raise CheckFailed(f"未使用随程序附带的分词缓存（当前为 {cache_dir}）")
    if not (cache_dir / JIEBA_CACHE_FILE).is_file():
        raise CheckFailed(f"分词缓存“{cache_dir / JIEBA_CACHE_FILE}”不存在")
    return "使用随程序附带的缓存" if frozen_root else f"开发环境，缓存位于 {cache_dir}"


def _describe(counts: dict[str, int]) -> str:
    return " ".join(f"{label}{counts.get(key, 0)}" for key, label in COUNT_LABELS.items())


def check_sample_extraction(run: SelftestRun) -> str:
    from gzviewer.errors import GzviewerError
    from gzviewer.parse.pipeline import extract_file

    expected = load_expected()
    totals = dict.fromkeys(COUNT_LABELS, 0)
    mismatches = []
    for name, wanted in expected.items():
        try:
            extracted = extract_file(samples_dir() / name)
        except GzviewerError as exc:
            raise CheckFailed(str(exc)) from exc
        run.extracted[name] = extracted
        counts = sample_counts(extracted)
        for key, label in COUNT_LABELS.items():
            totals[key] += counts[key]
            if counts[key] != wanted.get(key):
                mismatches.append(f"{name} {label}{counts[key]}（预期{wanted.get(key)}）")
    if mismatches:
        raise CheckFailed("；".join(mismatches))
    return f"{len(expected)} 个样例，共 {_describe(totals)}，与 {EXPECTED_FILE} 一致"


def check_sample_import(run: SelftestRun) -> str:
    from gzviewer.store.importer import import_extracted
    from gzviewer.store.queries import list_documents

    database = run.require_database()
    if not run.extracted:
        raise CheckFailed("没有解析成功的样例（见上方“样例解析”一项）")
    stored_ids = {name: import_extracted(database, extracted).document_id
                  for name, extracted in run.extracted.items()}
    with database.session() as session:
        summaries = {summary.id: summary for summary in list_documents(session)}
    for name, document_id in stored_ids.items():
        extracted, summary = run.extracted[name], summaries.get(document_id)
        wanted = (len(extracted.outline), len(extracted.targets), len(extracted.tasks))
        if summary is None or (summary.headings, summary.targets, summary.tasks) != wanted:
            raise CheckFailed(f"{name} 导入后的目录、指标、任务数与解析结果不一致")
    return f"{len(stored_ids)} 个样例已导入临时数据库"


def check_export(run: SelftestRun) -> str:
    import openpyxl

    from gzviewer.errors import GzviewerError
    from gzviewer.export import export_targets, export_tasks
    from gzviewer.export.progress_sheet import read_filled_workbook
    from gzviewer.store.queries import TargetFilter, TaskFilter

    database = run.require_database()
    try:
        with database.session() as session:
            tasks = export_tasks(session, TaskFilter(), run.work_dir / "tasks.xlsx")
            targets = export_targets(session, TargetFilter(), run.work_dir / "targets.xlsx")
        filled = read_filled_workbook(tasks.path)
    except GzviewerError as exc:
        raise CheckFailed(str(exc)) from exc
    if len(filled.rows) != tasks.count or len(filled.ledger.entries) != tasks.count:
        raise CheckFailed(f"任务表读回 {len(filled.rows)} 行，应为 {tasks.count} 行")
    workbook = openpyxl.load_workbook(targets.path, read_only=True)
    try:
        rows = sum(1 for _ in workbook[targets.sheets[0]].iter_rows(values_only=True))
    finally:
        workbook.close()
    if rows < targets.count:
        raise CheckFailed(f"指标表只有 {rows} 行，应至少 {targets.count} 行")
    return f"任务表 {tasks.count} 项、指标表 {targets.count} 项，均已读回"


READER_CHECK_TEXT = "自检读取"
SELFTEST_FOLDER = "selftest"
SHIPPED_CHECK_FILES = ("check.doc", "check.ofd")
OCR_MODEL_COUNT = 2  # detection and recognition (the orientation classifier is not used)


def check_readers(run: SelftestRun) -> str:
    """Every reader's library is in the package: small files written here are read back."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    import docx
    import openpyxl

    from gzviewer.errors import GzviewerError
    from gzviewer.ingest import SUPPORTED_EXTENSIONS, read_document  # every reader: xlrd, pdfplumber…

    page = f"<html><body><p>{READER_CHECK_TEXT}</p></body></html>"
    saved = MIMEMultipart("related")
    saved.attach(MIMEText(page, "html", "utf-8"))
    files = {"check.txt": READER_CHECK_TEXT.encode("utf-8"), "check.html": page.encode("utf-8"),
             "check.mhtml": saved.as_bytes()}
    for name, data in files.items():
        (run.work_dir / name).write_bytes(data)
    document = docx.Document()
    document.add_paragraph(READER_CHECK_TEXT)
    document.save(str(run.work_dir / "check.docx"))
    workbook = openpyxl.Workbook()
    workbook.active["A1"], workbook.active["B1"] = READER_CHECK_TEXT, READER_CHECK_TEXT
    workbook.save(run.work_dir / "check.xlsx")
    # Word 97 (.doc, and .wps which WPS writes the same way) and OFD: files shipped for the check.
    for name in SHIPPED_CHECK_FILES:
        (run.work_dir / name).write_bytes((resources_dir() / SELFTEST_FOLDER / name).read_bytes())
    (run.work_dir / "check.wps").write_bytes((run.work_dir / "check.doc").read_bytes())
    names = [*files, "check.docx", "check.xlsx", *SHIPPED_CHECK_FILES, "check.wps"]
    for name in names:
        try:
            text = read_document(run.work_dir / name).text
        except GzviewerError as exc:
            raise CheckFailed(str(exc)) from exc
        if READER_CHECK_TEXT not in text:
            raise CheckFailed(f"“{name}”读回的文字不对：{text[:40]!r}")
    return f"{len(names)} 种格式已读回；支持 {'、'.join(SUPPORTED_EXTENSIONS)}"


def check_ocr(run: SelftestRun) -> str:
    """Text recognition is optional: when it is installed, its models must be inside the package
    (nothing is downloaded at run time). The engine is not started here (it takes seconds and
    over 1 GB of memory); ``tests/test_ocr.py`` recognises a page with every socket forbidden."""
    from gzviewer.ingest.ocr import OCR_PACKAGES, ocr_available, packaged_models

    if not ocr_available():
        return f"未安装（可选组件，扫描件和图片需要它：pip install \"gzviewer[ocr]\"；{'、'.join(OCR_PACKAGES)}）"
    models = packaged_models()
    if len(models) < OCR_MODEL_COUNT:
        raise CheckFailed(f"文字识别模型不全（找到 {len(models)} 个）：{'、'.join(m.name for m in models)}")
    return f"已安装，模型 {len(models)} 个随包提供：{'、'.join(m.name for m in models)}"


# --- checks with Qt (offscreen) --------------------------------------------------------------------

def check_qt_platform(run: SelftestRun) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", OFFSCREEN)
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication

    run.qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    return f"Qt {qVersion()}，平台插件 {run.qt_app.platformName()}"


def check_qt_fonts(run: SelftestRun) -> str:
    from PySide6.QtGui import QFontDatabase

    if run.qt_app is None:
        raise CheckFailed("Qt 未能启动（见上方“图形界面”一项）")
    loaded = []
    for path in font_files():
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            raise CheckFailed(f"Qt 无法加载字体“{path.name}”")
        loaded.append(path.name)
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese:
        raise CheckFailed("没有可显示简体中文的字体，界面文字将无法显示")
    return f"加载 {len(loaded)} 个附带字体，可用中文字体 {len(chinese)} 种，如 {chinese[0]}"


def check_qt_icons(run: SelftestRun) -> str:
    """Icons load through Qt's image plugins (an SVG needs the bundled svg plugin)."""
    from PySide6.QtGui import QImage

    if run.qt_app is None:
        raise CheckFailed("Qt 未能启动（见上方“图形界面”一项）")
    folder = resources_dir() / ICONS_FOLDER
    paths = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    broken = [p.name for p in paths if QImage(str(p)).isNull()]
    if broken:
        raise CheckFailed(f"Qt 无法读取图标：{'、'.join(broken)}")
    return f"{len(paths)} 个图标" if paths else "未附带图标"


def check_main_window(run: SelftestRun) -> str:
    if run.qt_app is None:
        raise CheckFailed("Qt 未能启动（见上方“图形界面”一项）")
    try:
        from gzviewer.app import create_main_window
    except ImportError as exc:
        raise CheckFailed(f"图形界面模块无法加载：{exc}") from exc
    window = create_main_window(run.require_database().url)
    run.windows.append(window)
    run.qt_app.processEvents()
    title = window.windowTitle()
    if not title:
        raise CheckFailed("主窗口没有标题")
    return f"主窗口“{title}”已在临时数据库上创建"


# Qt's own texts that must read in Chinese: a message box button and the file dialog's label
# (Qt 6 marks it "&Look in:", which the shipped file has only without the mark).
QT_TEXTS = (("QPlatformTheme", "&Yes"), ("QFileDialog", "&Look in:"))


def check_qt_translation(run: SelftestRun) -> str:
    """Qt's Chinese translation is bundled and installed (after the main window prepared the app)."""
    from PySide6.QtWidgets import QApplication

    if run.qt_app is None:
        raise CheckFailed("Qt 未能启动（见上方“图形界面”一项）")
    shown = [QApplication.translate(context, text) for context, text in QT_TEXTS]
    english = [text for (_context, text), result in zip(QT_TEXTS, shown, strict=True) if result == text]
    if english:
        raise CheckFailed(f"Qt 自带的对话框文字未译成中文（缺少 qtbase_zh_CN.qm）：{'、'.join(english)}")
    return "、".join(t.replace("&", "") for t in shown)


def check_offline(run: SelftestRun) -> str:
    if run.network.attempts:
        raise CheckFailed(f"检查过程中有 {len(run.network.attempts)} 次网络访问：{run.network.attempts[0]}")
    if QT_NETWORK_MODULE in sys.modules:
        raise CheckFailed(f"加载了 Qt 网络模块 {QT_NETWORK_MODULE}")
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        libraries = sorted(p.name for p in Path(frozen_root).rglob(QT_NETWORK_LIBRARY))
        if libraries:
            raise CheckFailed(f"程序包中含有 Qt 网络库：{'、'.join(libraries)}")
        return "以上检查没有任何网络访问，程序包中不含 Qt 网络库"
    return "以上检查没有任何网络访问"


CORE_CHECKS: tuple[tuple[str, Check], ...] = (
    ("资源目录", check_resource_files),
    ("单位目录", check_unit_directory),
    ("用户词典", check_dictionaries),
    ("字体文件", check_fonts),
    ("样例文件", check_samples_present),
    ("迁移脚本", check_migrations),
    ("数据库", check_database),
    ("中文分词", check_segmentation),
    ("分词缓存", check_jieba_cache),
    ("样例解析", check_sample_extraction),
    ("样例导入", check_sample_import),
    ("Excel 导出", check_export),
    ("文件读取", check_readers),
    ("文字识别", check_ocr),
)
GUI_CHECKS: tuple[tuple[str, Check], ...] = (
    ("图形界面", check_qt_platform),
    ("界面字体", check_qt_fonts),
    ("界面图标", check_qt_icons),
    ("主窗口", check_main_window),
    ("对话框中文", check_qt_translation),
)
FINAL_CHECKS: tuple[tuple[str, Check], ...] = (("离线运行", check_offline),)


# --- running ---------------------------------------------------------------------------------------

@contextmanager
def _isolated_environment(work_dir: Path) -> Iterator[None]:
    """Keep the user's data folder and database out of the self-test."""
    saved = {key: os.environ.get(key) for key in ("GZVIEWER_DATA_DIR", "GZVIEWER_DB")}
    os.environ["GZVIEWER_DATA_DIR"] = str(work_dir / "data")
    os.environ.pop("GZVIEWER_DB", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run_one(name: str, check: Check, run: SelftestRun, verbose: bool) -> CheckResult:
    try:
        return CheckResult(name, True, check(run))
    except CheckFailed as exc:
        return CheckResult(name, False, str(exc))
    except Exception as exc:  # an unexpected error is a failed check, never a traceback for the user
        if verbose:
            traceback.print_exc()
        return CheckResult(name, False, f"{type(exc).__name__}: {exc}")


def _close(run: SelftestRun) -> None:
    for window in run.windows:
        window.close()
        window.deleteLater()
    if run.qt_app is not None:
        from PySide6.QtCore import QCoreApplication, QEvent

        # Deleting the window closes its database, so that the temporary folder can go.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        run.qt_app.processEvents()
    if run.database is not None:
        run.database.dispose()


def run_checks(gui: bool = True, verbose: bool = False) -> Iterator[CheckResult]:
    """Run every check in a temporary folder, yielding each result as soon as it is known."""
    checks = CORE_CHECKS + (GUI_CHECKS if gui else ()) + FINAL_CHECKS
    with tempfile.TemporaryDirectory(prefix="gzviewer-selftest-", ignore_cleanup_errors=True) as folder:
        run = SelftestRun(Path(folder))
        with _isolated_environment(run.work_dir), run.network.active():
            try:
                for name, check in checks:
                    yield _run_one(name, check, run, verbose)
            finally:
                _close(run)


def run_selftest(gui: bool = True, verbose: bool = False, out: TextIO | None = None) -> int:
    """Print one line per check and a summary; 0 when everything passed, else 1."""
    out = out or sys.stdout
    results = []
    for result in run_checks(gui, verbose):
        results.append(result)
        print(result.line(), file=out, flush=True)
    failed = sum(not result.passed for result in results)
    summary = SUMMARY_FAILED.format(failed=failed, total=len(results)) if failed else \
        SUMMARY_PASSED.format(total=len(results))
    print(summary, file=out, flush=True)
    return 1 if failed else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-gui", action="store_true", help="只做不需要 Qt 的检查")
    parser.add_argument("-v", "--verbose", action="store_true", help="意外错误时输出详细信息")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gzviewer.selftest [--record]``: run the checks, or refresh expected.json."""
    parser = argparse.ArgumentParser(prog="python -m gzviewer.selftest", description="安装自检")
    add_arguments(parser)
    parser.add_argument("--record", action="store_true",
                        help=f"（维护者）重新解析样例并写入 {EXPECTED_FILE}")
    args = parser.parse_args(argv)
    if not args.record:
        return run_selftest(gui=not args.no_gui, verbose=args.verbose)
    if getattr(sys, "frozen", False):
        print(f"错误：打包后的程序不能改写 {EXPECTED_FILE}，请在源代码目录中运行", file=sys.stderr)
        return 1
    try:
        samples = record_expected()
    except CheckFailed as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    for name, counts in samples.items():
        print(f"{name}：{_describe(counts)}")
    print(f"已写入 {expected_path()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

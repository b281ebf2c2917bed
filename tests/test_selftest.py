"""``gzviewer selftest``: every check passes on this checkout, fails on a broken installation, and
the checks without Qt never import it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gzviewer import selftest
from gzviewer.cli import main as cli_main
from tests.conftest import ROOT, seed_path

LINE = re.compile(r"^(通过|失败)：\S")
RECORD_HINT = "expected.json is stale: run `python -m gzviewer.selftest --record` and review the diff"


def _failures(results) -> list[str]:
    return [result.line() for result in results if not result.passed]


def test_every_check_passes_on_this_checkout(qapp):
    results = list(selftest.run_checks(gui=True))
    assert [name for name, _check in selftest.CORE_CHECKS + selftest.GUI_CHECKS + selftest.FINAL_CHECKS] == \
        [result.name for result in results]
    failures = _failures(results)
    assert not failures, "\n".join(failures) + ("\n" + RECORD_HINT if any("样例解析" in f for f in failures) else "")


def test_core_checks_run_without_qt(tmp_path):
    """A fresh interpreter: the non-GUI checks pass and PySide6 is never imported."""
    script = textwrap.dedent("""
        import sys
        from gzviewer.cli import main
        code = main(["selftest", "--no-gui"])
        print("QT-LOADED" if any(m == "PySide6" or m.startswith("PySide6.") for m in sys.modules) else "QT-FREE")
        sys.exit(code)
    """)
    env = {**os.environ, "GZVIEWER_DATA_DIR": str(tmp_path)}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=300)
    lines = done.stdout.splitlines()
    assert lines and lines[-1] == "QT-FREE", done.stdout + done.stderr
    checks = lines[:-2]
    assert [line.split("：")[1].split("（")[0] for line in checks] == \
        [name for name, _check in selftest.CORE_CHECKS + selftest.FINAL_CHECKS]
    assert all(LINE.match(line) for line in checks), lines
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines[-2] == selftest.SUMMARY_PASSED.format(total=len(checks))
    assert not done.stderr.strip()


# --- a broken installation fails, one Chinese line per problem ----------------------------------------

@pytest.fixture
def samples(tmp_path, monkeypatch) -> Path:
    """A samples folder holding one copy of seed 003, with counts recorded by ``--record``."""
    folder = tmp_path / "samples"
    folder.mkdir()
    shutil.copy(seed_path("003"), folder)
    monkeypatch.setattr(selftest, "samples_dir", lambda: folder)
    selftest.record_expected()
    return folder


def _run(check, tmp_path) -> selftest.CheckResult:
    return selftest._run_one("检查", check, selftest.SelftestRun(tmp_path), verbose=False)


def test_recorded_counts_pass_then_a_changed_count_fails(samples, tmp_path):
    expected = json.loads((samples / selftest.EXPECTED_FILE).read_text(encoding="utf-8"))
    name = seed_path("003").name
    assert set(expected["samples"]) == {name}
    assert set(expected["samples"][name]) == set(selftest.COUNT_LABELS)
    assert _run(selftest.check_samples_present, tmp_path).passed
    assert _run(selftest.check_sample_extraction, tmp_path).passed

    expected["samples"][name]["headings"] += 1
    (samples / selftest.EXPECTED_FILE).write_text(json.dumps(expected), encoding="utf-8")
    result = _run(selftest.check_sample_extraction, tmp_path)
    assert not result.passed
    assert name in result.detail and "目录" in result.detail and "预期" in result.detail


def test_a_missing_or_unrecorded_sample_fails(samples, tmp_path):
    extra = samples / "new_sample.txt"
    shutil.copy(seed_path("002"), extra)
    result = _run(selftest.check_samples_present, tmp_path)
    assert not result.passed and "new_sample.txt" in result.detail
    extra.unlink()
    next(samples.glob("003_*")).unlink()
    result = _run(selftest.check_samples_present, tmp_path)
    assert not result.passed and "缺少样例文件" in result.detail


@pytest.fixture
def resources(tmp_path, monkeypatch) -> Path:
    """A copy of resources/ that a test may damage."""
    folder = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", folder)
    monkeypatch.setattr(selftest, "resources_dir", lambda: folder)
    monkeypatch.setattr("gzviewer.parse.segmentation.resources_dir", lambda: folder)
    return folder


def test_damaged_resources_fail(resources, tmp_path):
    assert _run(selftest.check_resource_files, tmp_path).passed
    (resources / "broken.json").write_text("{", encoding="utf-8")
    result = _run(selftest.check_resource_files, tmp_path)
    assert not result.passed and "broken.json" in result.line()


def test_a_malformed_dictionary_line_fails(resources, tmp_path):
    assert _run(selftest.check_dictionaries, tmp_path).passed
    (resources / "dictionaries" / "extra.txt").write_text("地区生产总值 50000 n\n两个 词 多\n", encoding="utf-8")
    result = _run(selftest.check_dictionaries, tmp_path)
    assert not result.passed and "extra.txt" in result.detail and "第 2 行" in result.detail


def test_a_file_that_is_no_font_fails(resources, tmp_path):
    (resources / "fonts").mkdir(exist_ok=True)
    (resources / "fonts" / "fake.ttf").write_bytes(b"<html>not a font</html>")
    result = _run(selftest.check_fonts, tmp_path)
    assert not result.passed and "fake.ttf" in result.detail


def test_missing_migrations_fail(tmp_path, monkeypatch):
    empty = tmp_path / "db"
    empty.mkdir()
    monkeypatch.setattr(selftest, "migrations_dir", lambda: empty)
    result = _run(selftest.check_migrations, tmp_path)
    assert not result.passed and "env.py" in result.detail


def test_checks_after_a_failed_database_say_why(tmp_path):
    result = _run(selftest.check_sample_import, tmp_path)
    assert not result.passed and "数据库" in result.detail


def test_network_attempts_are_refused_and_reported(tmp_path):
    import socket

    run, original = selftest.SelftestRun(tmp_path), socket.socket
    with run.network.active():
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        with pytest.raises(OSError):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert socket.socket is original and len(run.network.attempts) == 2
    result = selftest._run_one("离线运行", selftest.check_offline, run, verbose=False)
    assert not result.passed and "网络访问" in result.detail


def test_an_unexpected_error_is_one_line(tmp_path):
    def explode(_run):
        raise RuntimeError("boom")

    result = _run(explode, tmp_path)
    assert not result.passed and result.line() == "失败：检查：RuntimeError: boom"


def test_cli_exit_status_follows_the_checks(monkeypatch, capsys):
    def fine(_run):
        return "好"

    def broken(_run):
        raise selftest.CheckFailed("坏了")

    monkeypatch.setattr(selftest, "FINAL_CHECKS", ())
    monkeypatch.setattr(selftest, "CORE_CHECKS", (("甲", fine),))
    assert cli_main(["selftest", "--no-gui"]) == 0
    assert capsys.readouterr().out.splitlines() == ["通过：甲（好）", "自检完成：1 项全部通过"]
    monkeypatch.setattr(selftest, "CORE_CHECKS", (("甲", fine), ("乙", broken)))
    assert cli_main(["selftest", "--no-gui"]) == 1
    assert capsys.readouterr().out.splitlines() == ["通过：甲（好）", "失败：乙：坏了", "自检未通过：1/2 项失败"]


def test_the_user_data_folder_is_left_alone(tmp_path, monkeypatch):
    user_data = tmp_path / "user"
    monkeypatch.setenv("GZVIEWER_DATA_DIR", str(user_data))
    monkeypatch.setenv("GZVIEWER_DB", f"sqlite:///{user_data / 'real.sqlite3'}")
    monkeypatch.setattr(selftest, "CORE_CHECKS", (("数据库", selftest.check_database),))
    monkeypatch.setattr(selftest, "FINAL_CHECKS", ())
    assert all(result.passed for result in selftest.run_checks(gui=False))
    assert os.environ["GZVIEWER_DATA_DIR"] == str(user_data)
    assert not (user_data / "real.sqlite3").exists()


def test_an_icon_qt_cannot_read_fails(resources, tmp_path, qapp):
    run = selftest.SelftestRun(tmp_path, qt_app=qapp)
    assert selftest._run_one("界面图标", selftest.check_qt_icons, run, verbose=False).passed
    (resources / "icons").mkdir(exist_ok=True)
    (resources / "icons" / "broken.png").write_bytes(b"not an image")
    result = selftest._run_one("界面图标", selftest.check_qt_icons, run, verbose=False)
    assert not result.passed and "broken.png" in result.detail

#!/usr/bin/env bash
# Build the one-folder app (dist/gzviewer/) from build.spec and check that it works:
#   1. the system libraries Qt's X11 platform plugin needs are present (so they get bundled);
#   2. PyInstaller is installed into the venv and the folder is built;
#   3. `dist/gzviewer/gzviewer selftest` passes (no screen needed);
#   4. if xvfb-run exists: the app is started under a virtual X server with an empty temporary data
#      folder, and must show its main window with a document of the sample library open.
# Usage: scripts/build_and_selftest.sh          (VENV=path overrides .venv)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
APP="$ROOT/dist/gzviewer/gzviewer"
WINDOW_TIMEOUT="${WINDOW_TIMEOUT:-90}"
# Debian/Ubuntu packages for the libraries Qt's xcb plugin loads (Qt ≥ 6.5 needs libxcb-cursor0).
XCB_PACKAGES="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
              libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0"

step() { printf '\n== %s\n' "$*"; }
die() { printf '失败：%s\n' "$*" >&2; exit 1; }

missing_xcb_libraries() {
    local qt
    qt="$("$PY" -c 'import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / "Qt")')"
    ldd "$qt/plugins/platforms/libqxcb.so" "$qt/lib/libQt6XcbQpa.so.6" 2>/dev/null \
        | awk '/not found/ {print $1}' | sort -u
}

ensure_xcb_libraries() {
    local missing
    missing="$(missing_xcb_libraries)"
    [ -z "$missing" ] && return 0
    echo "Qt 的 X11 插件缺少系统库：$(echo $missing)"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        # shellcheck disable=SC2086
        apt-get install -y -qq $XCB_PACKAGES >/dev/null
    fi
    missing="$(missing_xcb_libraries)"
    [ -z "$missing" ] || die "请先安装：apt-get install $(echo $XCB_PACKAGES)（缺少 $(echo $missing)）"
}

# --- inside the virtual X server ------------------------------------------------------------------

window_titles() {
    # Top-level windows of the app (WM_CLASS gzviewer), one title per line.
    xwininfo -root -tree 2>/dev/null | sed -n 's/^ *0x[0-9a-f]* "\(.*\)": ("gzviewer" "gzviewer").*/\1/p'
}

stored_documents() {
    GZVIEWER_DATA_DIR="$1" "$APP" list --json 2>/dev/null \
        | "$PY" -c 'import json, sys; print(len(json.load(sys.stdin)))' 2>/dev/null || echo 0
}

check_window() {
    local data app_title samples pid titles count=0 waited=0
    data="$(mktemp -d)"
    app_title="$("$PY" -c 'from gzviewer.ui.about import APP_TITLE; print(APP_TITLE)')"
    samples="$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["samples"]))' \
               "$ROOT/dist/gzviewer/_internal/resources/samples/expected.json")"
    GZVIEWER_DATA_DIR="$data" env -u QT_QPA_PLATFORM "$APP" >"$data/app.log" 2>&1 &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true' EXIT
    # The main window shows "<document> — <app title>" once the first-start import of the samples
    # has finished and opened a document.
    while [ "$waited" -lt "$WINDOW_TIMEOUT" ]; do
        kill -0 "$pid" 2>/dev/null || { cat "$data/app.log" >&2; die "程序在显示主窗口前退出"; }
        titles="$(window_titles)"
        if grep -q ". — $app_title\$" <<<"$titles"; then
            count="$(stored_documents "$data")"
            [ "$count" -ge "$samples" ] && break
        fi
        sleep 1
        waited=$((waited + 1))
    done
    [ "$waited" -lt "$WINDOW_TIMEOUT" ] || {
        cat "$data/app.log" >&2
        die "${WINDOW_TIMEOUT} 秒内主窗口没有打开样例文件（窗口：${titles:-无}；已导入 $count/$samples 个）"
    }
    echo "通过：主窗口“$(grep " — $app_title\$" <<<"$titles" | head -1)”，样例库 $count 个文件（${waited} 秒）"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    trap - EXIT
    rm -rf "$data"
}

if [ "${1:-}" = "--check-window" ]; then
    check_window
    exit 0
fi

# --- build and check ------------------------------------------------------------------------------

cd "$ROOT"
[ -x "$PY" ] || die "没有找到虚拟环境 $VENV（先运行 python3 -m venv .venv && .venv/bin/pip install -e .）"

if [ "$(uname -s)" = Linux ]; then
    step "Qt 的 X11 系统库"
    ensure_xcb_libraries
fi

step "安装 PyInstaller"
"$VENV/bin/pip" install -q pyinstaller

step "构建 dist/gzviewer/"
"$VENV/bin/pyinstaller" build.spec --noconfirm --log-level WARN
echo "大小：$(du -sh dist/gzviewer | cut -f1)"

step "自检（无需屏幕）"
"$APP" selftest

if command -v xvfb-run >/dev/null && command -v xwininfo >/dev/null; then
    step "在虚拟 X 服务器中启动主窗口"
    LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1440x900x24" "$0" --check-window
else
    step "跳过主窗口检查：没有 xvfb-run 或 xwininfo（apt-get install xvfb x11-utils）"
fi

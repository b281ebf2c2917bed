"""A throw-away PostgreSQL cluster for the tests: initdb into a temporary folder, a free local port.

The server runs from the distribution's binaries (``/usr/lib/postgresql/*/bin``, or ``initdb`` on
PATH); ``initdb`` refuses to run as root, so under root the cluster belongs to the ``postgres``
user and is started through ``runuser``. Durability is switched off (fsync, full-page writes):
the cluster lives for one test session. ``unavailable()`` says why no cluster can be started, so
the tests that need one are skipped with that reason.
"""

from __future__ import annotations

import atexit
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _run_as() -> list[str] | None:
    """The command prefix that runs the server as a user initdb accepts (None: none found)."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except (ImportError, KeyError):
        return None
    return [runuser, "-u", "postgres", "--"] if runuser else None


def unavailable() -> str | None:
    """Why a cluster cannot be started here, or None."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    if _bin_dir() is None:
        return "PostgreSQL server binaries not found (apt-get install postgresql)"
    if _run_as() is None:
        return "running as root without a 'postgres' user for initdb"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresCluster:
    folder: Path
    port: int
    user: str
    password: str
    bin_dir: Path
    prefix: list[str]

    def url(self, database: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        user = user or self.user
        password = self.password if password is None else password
        return f"postgresql+psycopg://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres", **kwargs):
        import psycopg

        params = {"host": "127.0.0.1", "port": self.port, "user": self.user, "password": self.password,
                  "dbname": database, "autocommit": True}
        params.update(kwargs)
        return psycopg.connect(**params)

    def execute(self, *statements: str) -> None:
        with self.connect() as conn:
            for statement in statements:
                conn.execute(statement)

    def stop(self) -> None:
        if not self.folder.exists():
            return
        subprocess.run([*self.prefix, str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _stop_on_exit(cluster: PostgresCluster) -> None:
    """Never leave a server running: also when the run ends at exit or is stopped by SIGTERM
    (``timeout``), which by default ends Python without running the fixtures' teardown."""
    atexit.register(cluster.stop)
    if threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)


def start() -> PostgresCluster:
    """Start a fresh cluster; raise RuntimeError with the server's log when it does not come up."""
    folder = Path(tempfile.mkdtemp(prefix="gzviewer-pg-"))
    try:
        return _start_in(folder)
    except BaseException:  # interrupted or failed: leave no folder behind
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _start_in(folder: Path) -> PostgresCluster:
    bin_dir = _bin_dir()
    prefix = _run_as()
    assert bin_dir is not None and prefix is not None
    user = "gzadmin"
    password = secrets.token_hex(12)
    (folder / "pwfile").write_text(password + "\n", encoding="utf-8")
    if prefix:  # the server's own user must own the folder (and reach it: /tmp is world-traversable)
        shutil.chown(folder, user="postgres")
        shutil.chown(folder / "pwfile", user="postgres")
    result = subprocess.run(
        [*prefix, str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", user, "--pwfile", str(folder / "pwfile"),
         "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"],
        capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {result.stderr or result.stdout}")
    for _attempt in range(3):
        port = _free_port()
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off "
                   "-c synchronous_commit=off -c max_connections=200 -c shared_buffers=64MB")
        started = subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-o", options,
             "-l", str(folder / "server.log"), "-w", "-t", "60", "start"],
            capture_output=True, text=True, timeout=90)
        if started.returncode == 0:
            cluster = PostgresCluster(folder, port, user, password, bin_dir, prefix)
            _stop_on_exit(cluster)
            return cluster
        time.sleep(0.5)  # the port was taken in between: try another
    log = (folder / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:] \
        if (folder / "server.log").exists() else ""
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")

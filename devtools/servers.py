"""Start the real dashboard server (`streamlit run server.py`) of a checkout on a free
loopback port, wait until it answers its health check, and stop it again."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def consecutive_free_ports(n: int) -> int:
    """The first of `n` consecutive free ports (the cluster numbers its backends so)."""
    for _ in range(50):
        first = free_port()
        if all(port_free(first + i) for i in range(n)):
            return first
    raise RuntimeError("no consecutive free ports")


def wait_http(url: str, timeout_s: float, proc: subprocess.Popen | None = None, log_path: Path | None = None) -> None:
    """Poll `url` until it answers 200; fail early if `proc` exits, with the log's tail."""
    def tail() -> str:
        return log_path.read_text(errors="replace")[-2000:] if log_path and log_path.exists() else ""

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode} before answering {url}:\n{tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s:\n{tail()}")


class DashboardServer:
    """`streamlit run server.py` of `root` on a free loopback port, started and ready.

    `env` replaces the inherited environment (PYTHONPATH is set to `root` either way);
    `args` are extra Streamlit options. Use it as a context manager, or call stop()."""

    def __init__(self, log_path: Path, *, root: Path = ROOT, env: Mapping[str, str] | None = None,
                 args: Sequence[str] = (), port: int | None = None, ready_timeout_s: float = 90,
                 new_session: bool = False):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(log_path, "w")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "127.0.0.1", *args],
            cwd=root, env={**(os.environ if env is None else env), "PYTHONPATH": str(root)},
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=new_session)
        try:
            wait_http(f"{self.base}/_stcore/health", ready_timeout_s, self._proc, log_path)
        except BaseException:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        return self._proc.pid

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._log.close()

    def __enter__(self) -> DashboardServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@contextlib.contextmanager
def running_server(log_path: Path, **extra_env: str) -> Iterator[str]:
    """Yield the base URL of this checkout's server, with `extra_env` added to the
    environment; stop it afterwards."""
    with DashboardServer(log_path, env={**os.environ, **extra_env}) as server:
        yield server.base


@contextlib.contextmanager
def server_on_fresh_warehouse(root: Path = ROOT, *, prefix: str = "osd-bench-") -> Iterator[tuple[DashboardServer, Path]]:
    """`root`'s server on a warehouse that `root`'s own code builds in a new temporary var
    dir (no API key, so nothing live): (the running server, the var dir), removed after."""
    var = Path(tempfile.mkdtemp(prefix=prefix))
    env = dict(os.environ, OSD_VAR_DIR=str(var), PYTHONPATH=str(root))
    env.pop("SEOUL_OPENAPI_KEY", None)
    try:
        subprocess.run([sys.executable, "-c", "from data_sources import warehouse; warehouse.ensure_warehouse()"],
                       cwd=root, env=env, check=True)
        with DashboardServer(var / "server.log", root=root, env=env, ready_timeout_s=120) as server:
            yield server, var
    finally:
        shutil.rmtree(var, ignore_errors=True)

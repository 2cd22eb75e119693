"""Start the real dashboard server (`streamlit run server.py`) on a free loopback port
for tests that talk to it over HTTP or drive it in Chromium."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(log_path: Path, **extra_env: str):
    """Yield the base URL of a started server; stop it afterwards."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), **extra_env)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port),
                                 "--server.headless", "true", "--server.address", "127.0.0.1"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                pytest.fail(f"the dashboard server did not start: {log_path.read_text()[-2000:]}")
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

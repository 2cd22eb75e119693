"""The page-ready benchmark's CPU split: the server's CPU, with its children's (running or
exited), is charged to the server, and nothing that is not Chromium to the browser's parts."""
from __future__ import annotations

import subprocess
import sys

from benchmarks.page_ready import CPU_PARTS, CpuMeter

BURN = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\n"
SERVER = BURN + f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {BURN!r}])\nprint('done', flush=True)\ninput()\n"


def test_a_busy_server_and_its_children_are_charged_to_the_server():
    meter = CpuMeter()
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        before = meter.sample(server.pid)
        assert set(before) == set(CPU_PARTS)
        assert server.stdout.readline().strip() == "done"  # its child has run and exited
        spent = meter.since(before, server.pid)
        assert spent["server"] >= 0.45, spent  # its own 0.3 s alone would not reach it
        assert spent["renderer"] == spent["gpu"] == spent["browser"] == 0, spent
    finally:
        server.communicate("\n", timeout=30)

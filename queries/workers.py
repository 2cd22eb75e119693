"""The process fence: fenced SQL runs in worker processes, never in the app process.

DuckDB does not account every allocation to its memory limit, and some single calls
ignore an interrupt until they finish (measured: `repeat('x', 4294967295)` holds ≈4 GB
for ≈26 s). So each query runs in a worker (`python -m queries.workers --worker`) with
an address-space limit (`WORKER_ADDRESS_SPACE`); if a worker overruns the time limit by
`HARD_KILL_GRACE_S` or dies, it is killed and replaced, and the app process only waits
on a pipe. At most `MAX_CONCURRENT` queries run at once (one worker each); others wait
up to `QUEUE_WAIT_S`, then get `ConsoleBusy`.

A worker that dies is reported as a memory overrun only when its own last words say so
(Python's MemoryError or C++'s bad_alloc on stderr); otherwise as a stopped worker with
its exit status.
"""
from __future__ import annotations

import atexit
import logging
import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from data_sources import settings

from .errors import ConsoleBusy, ConsoleError, ConsoleTimeout, OutOfMemory, WorkerDied
from .fence import error_reply, execute_fenced, open_fenced

log = logging.getLogger("queries.workers")

MAX_CONCURRENT = int(os.environ.get("OSD_CONSOLE_CONCURRENCY", "2"))
QUEUE_WAIT_S = float(os.environ.get("OSD_CONSOLE_QUEUE_WAIT", "8"))
HARD_KILL_GRACE_S = 2.0
WORKER_STARTUP_S = 15.0  # importing duckdb/pyarrow in a new process
WORKER_MAX_QUERIES = 500
WORKER_NICE = 10
WORKER_ADDRESS_SPACE = 4 * 1024 ** 3  # bytes of virtual memory per worker process
MEMORY_WORDS = ("MemoryError", "bad_alloc", "out of memory", "Cannot allocate memory", "failed to allocate")


def _worker_main(read_fd: int, write_fd: int) -> None:
    """Loop: receive a request, run it on the fenced connection, send the reply."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_ADDRESS_SPACE, WORKER_ADDRESS_SPACE))
    except (ValueError, OSError):  # pragma: no cover - platform without RLIMIT_AS
        pass
    try:
        os.nice(WORKER_NICE)  # a runaway query yields the CPU to the dashboard's own work
    except OSError:  # pragma: no cover
        pass
    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    outbox.send({"ready": True})  # imports are done: the parent's clock starts with the query
    con, con_path = None, None
    while True:
        try:
            request = inbox.recv()
        except (EOFError, OSError):
            return
        try:
            path = Path(request["path"])
            if con is None or con_path != path:
                if con is not None:
                    con.close()
                con, con_path = open_fenced(path), path
            reply = execute_fenced(con, request["sql"], request.get("params"), **request["limits"])
        except BaseException as exc:  # never let the worker die on a query
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            reply = error_reply(exc)
        try:
            outbox.send(reply)
        except (OSError, ValueError, MemoryError):
            outbox.send({"ok": False, "kind": "too_large", "message": "the result could not be sent (too large)"})


class _Worker:
    def __init__(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(settings.PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        # The worker's stderr goes to an unlinked temporary file: read back only when
        # the worker dies, to tell a memory overrun from any other end.
        self.stderr = tempfile.TemporaryFile(prefix="osd-worker-")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "queries.workers", "--worker", str(to_child_r), str(from_child_w)],
            pass_fds=(to_child_r, from_child_w), cwd=settings.PROJECT_ROOT, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.stderr, start_new_session=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self.send = Connection(to_child_w, readable=False)
        self.recv = Connection(from_child_r, writable=False)
        self.served = 0
        self.stderr_mark = 0

    def alive(self) -> bool:
        return self.proc.poll() is None

    def last_words(self) -> str:
        try:
            self.stderr.seek(self.stderr_mark)
            return self.stderr.read(64 * 1024).decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for conn in (self.send, self.recv, self.stderr):
            try:
                conn.close()
            except OSError:
                pass


def death_error(code: int | None, last_words: str) -> ConsoleError:
    """What to tell the user when a worker ended without answering."""
    if any(word in last_words for word in MEMORY_WORDS):
        return OutOfMemory("the query was stopped: it needed more memory than this server allows")
    if code is not None and code < 0:
        try:
            how = f"signal {signal.Signals(-code).name}"
        except ValueError:
            how = f"signal {-code}"
    else:
        how = f"exit status {code}"
    return WorkerDied(f"the query was stopped: its worker process ended unexpectedly ({how}); try again")


class WorkerPool:
    """At most `size` queries at once, each in its own worker process."""

    def __init__(self, size: int = MAX_CONCURRENT) -> None:
        self.size = size
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self.busy: set[_Worker] = set()  # workers running a query now
        self._lock = threading.Lock()
        self.restarts = 0

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.kill()
        return self._start()

    @staticmethod
    def _start() -> _Worker:
        worker = _Worker()
        try:
            if worker.recv.poll(WORKER_STARTUP_S) and worker.recv.recv().get("ready"):
                return worker
        except (EOFError, OSError):
            pass
        worker.kill()
        raise ConsoleError("the query service could not start a worker; try again in a moment")

    def _replace_soon(self) -> None:
        """Start a replacement in the background so the next query does not wait for it."""
        def start() -> None:
            try:
                worker = self._start()
            except ConsoleError:
                return
            with self._lock:
                if len(self._idle) < self.size:
                    self._idle.append(worker)
                    return
            worker.kill()
        threading.Thread(target=start, name="console-worker-start", daemon=True).start()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def run(self, request: dict, timeout_s: float, queue_wait_s: float = QUEUE_WAIT_S) -> dict:
        if not self._slots.acquire(timeout=queue_wait_s):
            raise ConsoleBusy(f"the query service is busy ({self.size} queries running); try again in a moment")
        try:
            worker = self._take()
            with self._lock:
                self.busy.add(worker)
            try:
                worker.stderr_mark = worker.stderr.seek(0, os.SEEK_END)
                worker.send.send(request)
                # A new worker attaches the warehouse on its first query: allow a moment.
                startup = 0.0 if worker.served else 1.0
                if not worker.recv.poll(timeout_s + HARD_KILL_GRACE_S + startup):
                    self._discard(worker, "overran the time limit")
                    raise ConsoleTimeout(f"the query was stopped after {timeout_s:g} s (time limit)")
                reply = worker.recv.recv()
            except (EOFError, OSError, pickle.UnpicklingError):
                try:
                    code = worker.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    code = None
                error = death_error(code, worker.last_words())
                self._discard(worker, f"died (exit {code})")
                raise error from None
            finally:
                with self._lock:
                    self.busy.discard(worker)
            worker.served += 1
            if reply.get("kind") in ("memory", "too_large") or worker.served >= WORKER_MAX_QUERIES:
                # After a huge allocation the process keeps address space it cannot use
                # again; start the next query in a fresh worker.
                self._discard(worker, "is recycled", quiet=True)
            else:
                self._give_back(worker)
            return reply
        finally:
            self._slots.release()

    def _discard(self, worker: _Worker, why: str, quiet: bool = False) -> None:
        if not quiet:
            log.warning("console worker %s %s; replacing it", worker.proc.pid, why)
        self.restarts += 1
        worker.kill()
        self._replace_soon()

    def shutdown(self) -> None:
        with self._lock:
            for worker in self._idle:
                worker.kill()
            self._idle.clear()


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def pool() -> WorkerPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool()
            atexit.register(_pool.shutdown)
        return _pool


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "--worker":
    _worker_main(int(sys.argv[2]), int(sys.argv[3]))

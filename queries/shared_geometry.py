"""Map geometry that does not change from one rerun to the next (district outlines, the
river, bike lanes, road links), sent to the browser once instead of with every rerun.

A layer's rows are written once to var/geometry/<digest>.json, named by their content, and
the layer carries only that file's URL: deck.gl fetches it, the browser keeps it (it never
changes under its name), and since the URL is the same on the next rerun deck.gl neither
fetches it again nor rebuilds and re-uploads the layer. Only a server that serves the HTTP
API (server.py, `/api/geometry/<digest>.json`) can hand the files out; anywhere else (the
dashboard run from app.py alone, tests under AppTest) or where var/ cannot be written, the
rows travel in the map as before.

Streamlit-free: the API route reads the files through `read`.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from pathlib import Path

from data_sources.settings import var_dir

URL_PREFIX = "/api/geometry/"
_DIGEST = re.compile(r"[0-9a-f]{32}")


def enabled() -> bool:
    """Whether this process serves the files (the dashboard runs with its HTTP API)."""
    return os.environ.get("OSD_HTTP_API") == "1"


def folder() -> Path:
    return var_dir() / "geometry"


class SharedRows(str):
    """The URL of a layer's rows in a file, knowing the file's size (what it weighs when a
    browser first fetches it)."""
    size: int = 0


def shared(rows):
    """`rows` (a layer's data) as the URL of a file holding them (a `SharedRows`), when this
    server hands such files out; otherwise `rows` themselves."""
    if not enabled():
        return rows
    body = json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode()
    digest = hashlib.sha256(body).hexdigest()[:32]
    path = folder() / f"{digest}.json"
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{digest}.{os.getpid()}.{threading.get_ident()}.tmp")
            partial.write_bytes(body)
            partial.replace(path)  # whole or absent, whichever session or process writes it first
        except OSError:  # var/ mounted read-only (a web host of several): the rows travel in the map
            return rows
    url = SharedRows(URL_PREFIX + f"{digest}.json")
    url.size = len(body)
    return url


def read(name: str) -> bytes | None:
    """The file `<digest>.json`, or None for a name that is not one (or not written)."""
    digest = name.removesuffix(".json")
    if not name.endswith(".json") or not _DIGEST.fullmatch(digest):
        return None
    try:
        return (folder() / f"{digest}.json").read_bytes()
    except FileNotFoundError:
        return None

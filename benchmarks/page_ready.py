"""Page-ready time of every registered page (and each of its sections) in headless
Chromium on a warm server, plus optional screenshots at desktop and phone widths.

With `--baseline DIR` (another checkout, e.g. the commit before a change) both servers run
side by side and each URL is timed on one, then the other, alternately: on a shared,
loaded machine the pair is comparable even when the absolute seconds are not.

"Ready" = Streamlit reports the script as finished, the title is shown and every Plotly
chart has drawn. Each URL is opened once to warm the caches, then timed `--runs` times;
the median is reported. Figures go to stdout and, with --json, to a file.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/page_ready.py --json artifacts/page_ready.json \
        --shots artifacts/shots-after
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools import browser as chromium  # noqa: E402
from devtools.servers import DashboardServer  # noqa: E402

# Sections of each page, by its ?view= value (the first is the page's default).
SECTIONS = {
    "air": ("day", "trends", "patterns", "standards", "roadside", "live", "quality"),
    "bikes": ("network", "use", "demand", "routes", "safety", "districts", "live"),
    "traffic": ("expressway", "speeds", "safety", "live"),
}


def _timed_open(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, timeout=90_000)
    chromium.wait_ready(page, 90)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--shots", help="folder for screenshots (desktop 1440 and phone 390, ko and en)")
    parser.add_argument("--no-sections", action="store_true", help="time only each page's default view")
    parser.add_argument("--baseline", help="another checkout to time side by side (its own warehouse and server)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from views import PAGES

    roots = {"this": ROOT, **({"baseline": Path(args.baseline).resolve()} if args.baseline else {})}
    urls = []
    for spec in PAGES:
        path = "" if spec.default else spec.url_path
        views = SECTIONS.get(spec.key, ("",))
        for view in views[:1] if args.no_sections else views:
            urls.append((spec.key, view, f"{path}?lang=ko" + (f"&view={view}" if view else "")))
    figures = []
    with contextlib.ExitStack() as stack:
        bases = {name: stack.enter_context(_server(root)) for name, root in roots.items()}
        p = stack.enter_context(sync_playwright())
        browser = chromium.launch(p)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        for key, view, rel in urls:
            for base in bases.values():
                _timed_open(page, f"{base}/{rel}")  # warm the caches
            times = {name: [] for name in bases}
            for _ in range(args.runs):
                for name, base in bases.items():
                    times[name].append(_timed_open(page, f"{base}/{rel}"))
            figure = {"page": key, "view": view,
                      **{f"{name}_median_s": round(statistics.median(v), 2) for name, v in times.items()},
                      **{f"{name}_runs_s": [round(x, 2) for x in v] for name, v in times.items()}}
            figures.append(figure)
            print(f"{key:14} {view or '-':11} " + "  ".join(f"{name} {figure[name + '_median_s']:6.2f} s"
                                                          for name in bases), flush=True)
        page.close()
        if args.shots:
            shots = Path(args.shots)
            shots.mkdir(parents=True, exist_ok=True)
            for width, label in ((1440, "desktop"), (390, "phone")):
                page = browser.new_page(viewport={"width": width, "height": 900 if width > 500 else 844},
                                        device_scale_factor=1 if width > 500 else 2)
                for spec in PAGES:
                    for lang in ("ko", "en"):
                        for name, base in bases.items():
                            path = "" if spec.default else spec.url_path
                            page.goto(f"{base}/{path}?lang={lang}", timeout=90_000)
                            chromium.wait_ready(page, 90)
                            page.wait_for_timeout(2000)  # deck.gl canvases draw after the script
                            suffix = "" if name == "this" else f"_{name}"
                            page.screenshot(path=str(shots / f"{spec.key}_{label}_{lang}{suffix}.png"), full_page=True)
                page.close()
        browser.close()
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=1))


@contextlib.contextmanager
def _server(root: Path):
    """A warehouse built by `root`'s own code in a temporary var dir, and its server."""
    var = Path(tempfile.mkdtemp(prefix="osd-pageready-"))
    env = dict(os.environ, OSD_VAR_DIR=str(var), PYTHONPATH=str(root))
    env.pop("SEOUL_OPENAPI_KEY", None)
    subprocess.run([sys.executable, "-c", "from data_sources import warehouse; warehouse.ensure_warehouse()"],
                   cwd=root, env=env, check=True)
    try:
        with DashboardServer(var / "server.log", root=root, env=env, ready_timeout_s=120) as server:
            yield server.base
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Page-ready time of every registered page (and each of its sections) in headless
Chromium on a warm server, plus optional screenshots at desktop and phone widths.

"Ready" = Streamlit reports the script as finished, the title is shown and every Plotly
chart has drawn. Each URL is opened once to warm the caches, then timed `--runs` times;
the median is reported. Figures go to stdout and, with --json, to a file.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/page_ready.py --json artifacts/page_ready.json \
        --shots artifacts/shots-after
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
# Sections of each page, by its ?view= value (the first is the page's default).
SECTIONS = {
    "air": ("day", "trends", "patterns", "standards", "roadside", "live", "quality"),
    "bikes": ("network", "use", "demand", "routes", "safety", "districts", "live"),
    "traffic": ("expressway", "speeds", "safety", "live"),
}


def _ready(page, timeout_s: float = 90) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning'] h1", timeout=timeout_s * 1000)
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")]"
        ".every(el => el.querySelector('.main-svg'))", timeout=timeout_s * 1000)


def _timed_open(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, timeout=90_000)
    _ready(page)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--shots", help="folder for screenshots (desktop 1440 and phone 390, ko and en)")
    parser.add_argument("--no-sections", action="store_true", help="time only each page's default view")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.server_helpers import running_server
    from views import PAGES

    var = Path(tempfile.mkdtemp(prefix="osd-pageready-"))
    os.environ["OSD_VAR_DIR"] = str(var)
    os.environ.pop("SEOUL_OPENAPI_KEY", None)
    from data_sources import warehouse
    warehouse.ensure_warehouse()
    urls = []
    for spec in PAGES:
        path = "" if spec.default else spec.url_path
        views = SECTIONS.get(spec.key, ("",))
        for view in views[:1] if args.no_sections else views:
            urls.append((spec.key, view, f"{path}?lang=ko" + (f"&view={view}" if view else "")))
    figures = []
    try:
        with running_server(ROOT / "artifacts" / "page-ready-server.log") as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            for key, view, rel in urls:
                _timed_open(page, f"{base}/{rel}")  # warm the caches
                times = [_timed_open(page, f"{base}/{rel}") for _ in range(args.runs)]
                figure = {"page": key, "view": view, "median_s": round(statistics.median(times), 2),
                          "runs_s": [round(x, 2) for x in times]}
                figures.append(figure)
                print(f"{key:14} {view or '-':11} {figure['median_s']:6.2f} s  {figure['runs_s']}", flush=True)
            page.close()
            if args.shots:
                shots = Path(args.shots)
                shots.mkdir(parents=True, exist_ok=True)
                for width, label in ((1440, "desktop"), (390, "phone")):
                    page = browser.new_page(viewport={"width": width, "height": 900},
                                            device_scale_factor=1 if width > 500 else 2)
                    for spec in PAGES:
                        for lang in ("ko", "en"):
                            path = "" if spec.default else spec.url_path
                            page.goto(f"{base}/{path}?lang={lang}", timeout=90_000)
                            _ready(page)
                            page.wait_for_timeout(2000)  # deck.gl canvases draw after the script
                            page.screenshot(path=str(shots / f"{spec.key}_{label}_{lang}.png"), full_page=True)
                    page.close()
            browser.close()
    finally:
        shutil.rmtree(var, ignore_errors=True)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

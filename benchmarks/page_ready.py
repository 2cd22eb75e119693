"""Page-ready time of every registered page (and each of its sections) in headless
Chromium on a warm server, plus optional screenshots at desktop and phone widths.

With `--baseline DIR` (another checkout, e.g. the commit before a change) both servers run
side by side and each URL is timed on one, then the other, alternately: on a shared,
loaded machine the pair is comparable even when the absolute seconds are not.

"Ready" = Streamlit reports the script as finished, the title is shown and every Plotly
chart has drawn. Each URL is opened once to warm the caches, then timed `--runs` times;
the median is reported. Figures go to stdout and, with --json, to a file.

Beside the time, each view records the bytes the server sent over the websocket while it
opened (everything the view shows: text, charts, maps) and its map data (every pydeck
chart's JSON, measured exactly by rendering the view with Streamlit's AppTest on the same
warehouse); and a few filter changes are timed from the click until the new view is ready
and its URL says so. Goals (issue 14): first page <= 1.5 s, others <= 2.5 s, a filter
change <= 0.5 s, map data <= 300 KB per view.

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


# (page key, URL query, option to click, text the URL then contains): filters a reader uses.
FILTER_CHANGES = (
    ("air", "lang=en&view=day", "PM10", "pollutant=pm10"),
    ("air", "lang=en&view=trends", "NO₂", "pollutant=no2"),
    ("bikes", "lang=en&view=network", "Dec 2025", "list=2025"),
)
GOALS = {"first_page_s": 1.5, "page_s": 2.5, "filter_change_s": 0.5, "map_kb": 300}


class WebsocketBytes:
    """Counts the bytes of websocket frames the page receives (Streamlit's messages)."""

    def __init__(self, page) -> None:
        self.total = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, payload) -> None:
        self.total += len(payload) if isinstance(payload, (bytes, str)) else 0


def _timed_open(page, url: str, counter: WebsocketBytes | None = None) -> tuple[float, int]:
    before = counter.total if counter else 0
    start = time.perf_counter()
    page.goto(url, timeout=90_000)
    chromium.wait_ready(page, 90)
    return time.perf_counter() - start, (counter.total - before if counter else 0)


def _timed_filter_change(page, button: str, url_part: str) -> float:
    """Click a filter and wait until the rerun has finished and written the URL."""
    target = page.get_by_role("radio", name=button, exact=True).first  # a segmented control's option
    target.scroll_into_view_if_needed()
    start = time.perf_counter()
    target.click()
    page.wait_for_function("(part) => location.search.includes(part)", arg=url_part, timeout=60_000, polling=20)
    chromium.wait_ready(page, 60)
    return time.perf_counter() - start


def _map_bytes(var: Path, key: str, view: str) -> int:
    """Every pydeck chart's JSON in the view, rendered by AppTest on the server's warehouse."""
    os.environ["OSD_VAR_DIR"] = str(var)
    from tests.apptest_helpers import map_bytes, run_page
    params = {"view": view} if view else {}
    return map_bytes(run_page(key, "ko", **params))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--shots", help="folder for screenshots (desktop 1440 and phone 390, ko and en)")
    parser.add_argument("--no-sections", action="store_true", help="time only each page's default view")
    parser.add_argument("--baseline", help="another checkout to time side by side (its own warehouse and server)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from views import PAGES

    roots = {"this": ROOT, **({"baseline": Path(args.baseline).resolve()} if args.baseline else {})}
    urls = []
    for spec in PAGES:
        path = "" if spec.default else spec.url_path
        views = SECTIONS.get(spec.key, ("",))
        for view in views[:1] if args.no_sections else views:
            urls.append((spec.key, view, f"{path}?lang=ko" + (f"&view={view}" if view else "")))
    figures, changes = [], []
    with contextlib.ExitStack() as stack:
        servers = {name: stack.enter_context(_server(root)) for name, root in roots.items()}
        bases = {name: base for name, (base, _var) in servers.items()}
        p = stack.enter_context(sync_playwright())
        browser = chromium.launch(p)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        counter = WebsocketBytes(page)
        print(f"{'page':14} {'view':11} " + "  ".join(f"{name + ' median':>14}" for name in bases)
              + f"  {'websocket':>10}  {'map data':>9}", flush=True)
        for key, view, rel in urls:
            for base in bases.values():
                _timed_open(page, f"{base}/{rel}")  # warm the caches
            times = {name: [] for name in bases}
            sent = []
            for _ in range(args.runs):
                for name, base in bases.items():
                    seconds, ws_bytes = _timed_open(page, f"{base}/{rel}", counter)
                    times[name].append(seconds)
                    if name == "this":
                        sent.append(ws_bytes)
            map_kb = round(_map_bytes(servers["this"][1], key, view) / 1000, 1)
            figure = {"page": key, "view": view, "websocket_kb": round(statistics.median(sent) / 1000, 1),
                      "map_kb": map_kb,
                      **{f"{name}_median_s": round(statistics.median(v), 2) for name, v in times.items()},
                      **{f"{name}_runs_s": [round(x, 2) for x in v] for name, v in times.items()}}
            figures.append(figure)
            print(f"{key:14} {view or '-':11} " + "  ".join(f"{figure[name + '_median_s']:12.2f} s"
                                                          for name in bases)
                  + f"  {figure['websocket_kb']:7.0f} KB  {map_kb:6.0f} KB", flush=True)
        for key, query, button, url_part in FILTER_CHANGES:
            spec = next(s for s in PAGES if s.key == key)
            url = f"{bases['this']}/{'' if spec.default else spec.url_path}?{query}"
            runs = []
            for _ in range(args.runs + 1):  # the first change warms the caches
                _timed_open(page, url)
                runs.append(_timed_filter_change(page, button, url_part))
            change = {"page": key, "from": query, "click": button, "median_s": round(statistics.median(runs[1:]), 2),
                      "runs_s": [round(x, 2) for x in runs[1:]], "first_s": round(runs[0], 2)}
            changes.append(change)
            print(f"filter change  {key}?{query} -> {button}: {change['median_s']:.2f} s "
                  f"(first, cold: {change['first_s']:.2f} s)", flush=True)
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
    first = figures[0] if figures else None  # PAGES lists the first page first
    summary = {
        "first_page_s": first["this_median_s"] if first else None,
        "slowest_other_s": max((f["this_median_s"] for f in figures[1:]), default=None),
        "slowest_filter_change_s": max((c["median_s"] for c in changes), default=None),
        "largest_map_kb": max((f["map_kb"] for f in figures), default=None),
    }
    print(f"first page {summary['first_page_s']} s (goal {GOALS['first_page_s']}), slowest other view "
          f"{summary['slowest_other_s']} s (goal {GOALS['page_s']}), slowest filter change "
          f"{summary['slowest_filter_change_s']} s (goal {GOALS['filter_change_s']}), largest map data "
          f"{summary['largest_map_kb']} KB (goal {GOALS['map_kb']})", flush=True)
    result = {"views": figures, "filter_changes": changes, "summary": summary, "goals": GOALS,
              "load_average": os.getloadavg()}
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=1))
    return result


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
            yield server.base, var
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()

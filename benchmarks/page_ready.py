"""Page-ready time of every registered page (and each of its sections) in headless
Chromium on a warm server, plus optional screenshots at desktop and phone widths.

With `--baseline DIR` (another checkout, e.g. the commit before a change) both servers run
side by side and each URL is timed on one, then the other, alternately: on a shared,
loaded machine the pair is comparable even when the absolute seconds are not.

"Ready" = Streamlit reports the script as finished, the title is shown, every Plotly
chart has drawn and every map has its canvas. Maps fetch the layers that never change
(outlines, river, lanes: /api/geometry/ files) once the page is up: "map data in" is when
the last of those had arrived (nothing left loading). "Maps drawn" is when every shown map
had drawn with all its data (those files included): in this headless Chromium WebGL runs
in software and compiles each map layer's shaders on every load, several CPU seconds that
a reader's GPU does in milliseconds, so both times are reported and neither is hidden.
Each URL is opened once to warm the caches, then timed `--runs` times; the median is
reported. Figures go to stdout and, with --json, to a file.

Beside the time, each view records the bytes the server sent over the websocket while it
opened (everything the view shows: text, charts, maps) and its map data (every pydeck
chart's JSON, measured exactly by rendering the view with Streamlit's AppTest on the same
warehouse, where the layer files travel inside the maps); and a few filter changes are
timed from the press (the page's pointerdown event) until the new view is ready and its
URL says so. Goals (issue 14): first page <= 1.5 s, others <= 2.5 s, a filter change
<= 0.5 s, map data <= 300 KB per view.

Where the time goes: each timed open also records the CPU seconds (median of the runs) of
the dashboard server, Chromium's renderer (JavaScript, layout, painting), its GPU process
(WebGL, which runs in software on a machine without a GPU) and its other processes, until
every shown map has drawn and in the quiet period after it. Every open starts once the
previous page has gone quiet, so one server's leftover work is not charged to the other.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/page_ready.py --json artifacts/page_ready.json \
        --shots artifacts/shots-after
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools import browser as chromium  # noqa: E402
from devtools.servers import server_on_fresh_warehouse  # noqa: E402

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
CPU_PARTS = ("server", "renderer", "gpu", "browser")
QUIET_CPU_S, QUIET_WINDOW_S, QUIET_MAX_S = 0.03, 0.25, 8.0


class CpuMeter:
    """CPU seconds, by part, of one dashboard server and of this process's Chromium.

    Chromium's processes are told apart by their `--type`; a renderer that has exited
    (a navigation may swap it) still counts, through its zygote's reaped-children times."""

    def __init__(self) -> None:
        self._me = psutil.Process()

    def sample(self, server_pid: int) -> dict[str, float]:
        totals = dict.fromkeys(CPU_PARTS, 0.0)
        with contextlib.suppress(psutil.Error):
            server = psutil.Process(server_pid)
            for proc in (server, *server.children(recursive=True)):
                with contextlib.suppress(psutil.Error):
                    times = proc.cpu_times()
                    totals["server"] += times.user + times.system
            times = server.cpu_times()  # its children that have exited
            totals["server"] += times.children_user + times.children_system
        for proc in self._me.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                cmdline = proc.cmdline()
                if not cmdline or "chrom" not in Path(cmdline[0]).name:
                    continue
                kind = next((arg.split("=", 1)[1] for arg in cmdline if arg.startswith("--type=")), "browser")
                times = proc.cpu_times()
                part = {"renderer": "renderer", "gpu-process": "gpu"}.get(kind, "browser")
                totals[part] += times.user + times.system
                if kind == "zygote":  # renderers are forked from it: those gone are in its children's times
                    totals["renderer"] += times.children_user + times.children_system
        return totals

    def since(self, before: dict[str, float], server_pid: int) -> dict[str, float]:
        after = self.sample(server_pid)
        return {part: after[part] - before[part] for part in CPU_PARTS}

    def wait_quiet(self, server_pid: int) -> float:
        """Wait until the browser and the server spend under QUIET_CPU_S in QUIET_WINDOW_S
        (at most QUIET_MAX_S); returns the seconds waited."""
        start = time.perf_counter()
        last = self.sample(server_pid)
        while time.perf_counter() - start < QUIET_MAX_S:
            time.sleep(QUIET_WINDOW_S)
            now = self.sample(server_pid)
            if sum(now.values()) - sum(last.values()) < QUIET_CPU_S:
                break
            last = now
        return time.perf_counter() - start


class WebsocketBytes:
    """Counts the bytes of websocket frames the page receives (Streamlit's messages)."""

    def __init__(self, page) -> None:
        self.total = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, payload) -> None:
        self.total += len(payload) if isinstance(payload, (bytes, str)) else 0


# "Ready" asks only that every map has its canvas; its first frame comes later (in this
# headless Chromium WebGL runs in software and compiles every layer's shaders on each
# load), and layers whose rows come as files (/api/geometry/, fetched once per browser)
# are drawn when those arrive. So each open also waits until every such file has been
# read, every shown map has drawn, and no map has drawn for a second; the "maps drawn"
# time is then the last draw call of a shown map: the frame with all its data.
DRAW_SPY_JS = """(() => {
  window.__osdGeo = {started: 0, read: 0};
  const fetchFirst = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : String((input && input.url) || input);
    const reply = fetchFirst.apply(this, arguments);
    if (!url.includes('/api/geometry/')) return reply;
    window.__osdGeo.started++;
    return reply.then(response => {  // counted once deck.gl has read the rows
      for (const read of ['arrayBuffer', 'text', 'json']) {
        const first = response[read];
        response[read] = function () { return first.call(this).finally(() => { window.__osdGeo.read++; }); };
      }
      return response;
    });
  };
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, attrs) {
    const ctx = getContext.call(this, type, attrs);
    if (ctx && /webgl/.test(type) && !ctx.__osdSpied) {
      ctx.__osdSpied = true;
      const canvas = this;
      for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
        const draw = ctx[name];
        if (draw) ctx[name] = function (...args) {
          canvas.__osdDrawnAt = window.__osdLastDraw = performance.now();
          return draw.apply(this, args);
        };
      }
    }
    return ctx;
  };
})();"""
SHOWN_CANVASES_JS = """[...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
  .filter(c => c.offsetParent !== null && c.clientWidth > 0)"""
MAPS_SETTLED_JS = f"""() => {{ const geo = window.__osdGeo || {{started: 0, read: 0}};
  return geo.read >= geo.started && {SHOWN_CANVASES_JS}.every(c => c.__osdDrawnAt !== undefined)
    && performance.now() - (window.__osdLastDraw ?? 0) > 1000; }}"""
LAST_DRAW_AFTER_READY_JS = f"""() => Math.max(0, ...{SHOWN_CANVASES_JS}.map(c => c.__osdDrawnAt - window.__osdReadySince))"""
# When the last layer file had arrived over the network (Resource Timing), after ready.
LAST_FILE_AFTER_READY_JS = """() => Math.max(0, ...performance.getEntriesByType('resource')
  .filter(e => e.name.includes('/api/geometry/')).map(e => e.responseEnd - window.__osdReadySince))"""


def _timed_open(page, url: str, counter: WebsocketBytes | None = None) -> tuple[float, int, float, float]:
    """(seconds until ready, websocket bytes, seconds until every shown map has drawn with all its data,
    seconds until the last layer file a map fetched had arrived)."""
    before = counter.total if counter else 0
    start = time.perf_counter()
    page.goto(url, timeout=90_000)
    chromium.wait_ready(page, 90)
    ready = time.perf_counter() - start
    page.wait_for_function(MAPS_SETTLED_JS, timeout=90_000, polling=50)
    drawn = ready + page.evaluate(LAST_DRAW_AFTER_READY_JS) / 1000
    data_in = ready + page.evaluate(LAST_FILE_AFTER_READY_JS) / 1000
    return ready, (counter.total - before if counter else 0), drawn, data_in


def _metered_open(page, url: str, counter: WebsocketBytes, meter: CpuMeter, server_pid: int) -> dict:
    """A timed open after the machine has gone quiet, with the CPU it took until every shown
    map had drawn, and after that until the machine was quiet again."""
    meter.wait_quiet(server_pid)
    before = meter.sample(server_pid)
    seconds, ws_bytes, drawn, data_in = _timed_open(page, url, counter)
    at_drawn = meter.sample(server_pid)  # ready, every shown map drawn, then a second without drawing
    meter.wait_quiet(server_pid)
    after = meter.since(at_drawn, server_pid)
    return {"s": seconds, "drawn_s": drawn, "data_in_s": data_in, "ws_bytes": ws_bytes,
            "cpu": {part: at_drawn[part] - before[part] for part in CPU_PARTS},
            "cpu_after": after}


def _cpu_medians(opens: list[dict], key: str) -> dict[str, float]:
    return {part: round(statistics.median(o[key][part] for o in opens), 2) for part in CPU_PARTS}


def _cpu_text(cpu: dict[str, float], after: dict[str, float]) -> str:
    return " ".join(f"{part[:3]} {cpu[part]:.2f}+{after[part]:.2f}" for part in CPU_PARTS)


# The press, as the page sees it: the time of the pointerdown event, on the page's clock.
PRESS_SPY_JS = """() => { window.__osdPressedAt = undefined;
  document.addEventListener('pointerdown', e => { window.__osdPressedAt ??= e.timeStamp; }, {capture: true, once: true}); }"""


def _timed_filter_change(page, button: str, url_part: str) -> float:
    """Press a filter and wait until the rerun has finished and written the URL: seconds
    from the press (the pointerdown event) to the moment the page was seen ready, both on
    the page's clock, so the test driver's own steps before the press (finding the option,
    checking it can be clicked) are not counted."""
    target = page.get_by_role("radio", name=button, exact=True).first  # a segmented control's option
    target.scroll_into_view_if_needed()
    page.evaluate(PRESS_SPY_JS)
    target.click()
    page.wait_for_function("(part) => location.search.includes(part)", arg=url_part, timeout=60_000, polling=20)
    chromium.wait_ready(page, 60)
    return page.evaluate("() => (window.__osdReadySince - window.__osdPressedAt) / 1000")


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
    parser.add_argument("--only", help="comma-separated page or page:view to time (e.g. glance,bikes:use)")
    parser.add_argument("--no-filters", action="store_true", help="skip the filter changes")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from views import PAGES

    roots = {"this": ROOT, **({"baseline": Path(args.baseline).resolve()} if args.baseline else {})}
    urls = []
    for spec in PAGES:
        path = "" if spec.default else spec.url_path
        views = SECTIONS.get(spec.key, ("",))
        for view in views[:1] if args.no_sections else views:
            if args.only and not {spec.key, f"{spec.key}:{view}"} & set(args.only.split(",")):
                continue
            urls.append((spec.key, view, f"{path}?lang=ko" + (f"&view={view}" if view else "")))
    figures, changes = [], []
    with contextlib.ExitStack() as stack:
        servers = {name: stack.enter_context(_server(root)) for name, root in roots.items()}
        bases = {name: base for name, (base, _var, _pid) in servers.items()}
        pids = {name: pid for name, (_base, _var, pid) in servers.items()}
        meter = CpuMeter()
        p = stack.enter_context(sync_playwright())
        browser = chromium.launch(p)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.add_init_script(DRAW_SPY_JS)
        counter = WebsocketBytes(page)
        print(f"{'page':14} {'view':11} " + "  ".join(f"{name + ' median':>14}" for name in bases)
              + f"  {'websocket':>10}  {'map data':>9}  {'map data in':>11}  {'maps drawn':>10}", flush=True)
        for key, view, rel in urls:
            for base in bases.values():
                _timed_open(page, f"{base}/{rel}")  # warm the caches
            opens = {name: [] for name in bases}
            for _ in range(args.runs):
                for name, base in bases.items():
                    opens[name].append(_metered_open(page, f"{base}/{rel}", counter, meter, pids[name]))
            times = {name: [o["s"] for o in v] for name, v in opens.items()}
            drawn = {name: [o["drawn_s"] for o in v] for name, v in opens.items()}
            data_in = {name: [o["data_in_s"] for o in v] for name, v in opens.items()}
            sent = [o["ws_bytes"] for o in opens["this"]]
            map_kb = round(_map_bytes(servers["this"][1], key, view) / 1000, 1)
            figure = {"page": key, "view": view, "websocket_kb": round(statistics.median(sent) / 1000, 1),
                      "map_kb": map_kb,
                      **{f"{name}_median_s": round(statistics.median(v), 2) for name, v in times.items()},
                      **{f"{name}_runs_s": [round(x, 2) for x in v] for name, v in times.items()},
                      **{f"{name}_drawn_median_s": round(statistics.median(v), 2) for name, v in drawn.items()},
                      **{f"{name}_data_in_median_s": round(statistics.median(v), 2) for name, v in data_in.items()},
                      **{f"{name}_cpu_s": _cpu_medians(v, "cpu") for name, v in opens.items()},
                      **{f"{name}_cpu_after_s": _cpu_medians(v, "cpu_after") for name, v in opens.items()}}
            figures.append(figure)
            print(f"{key:14} {view or '-':11} " + "  ".join(f"{figure[name + '_median_s']:12.2f} s"
                                                          for name in bases)
                  + f"  {figure['websocket_kb']:7.0f} KB  {map_kb:6.0f} KB"
                  + (f"  {figure['this_data_in_median_s']:9.2f} s  {figure['this_drawn_median_s']:8.2f} s"
                     if map_kb else ""), flush=True)
            for name in bases:
                print(f"{'':26} {name:>8} CPU s until maps drawn+after: "
                      + _cpu_text(figure[f"{name}_cpu_s"], figure[f"{name}_cpu_after_s"]), flush=True)
        for key, query, button, url_part in () if args.no_filters else FILTER_CHANGES:
            spec = next(s for s in PAGES if s.key == key)
            rel = f"{'' if spec.default else spec.url_path}?{query}"
            runs = {name: [] for name in bases}
            for _ in range(args.runs + 1):  # the first change warms the caches
                for name, base in bases.items():
                    _timed_open(page, f"{base}/{rel}")
                    meter.wait_quiet(pids[name])  # a reader clicks once the page has settled
                    runs[name].append(_timed_filter_change(page, button, url_part))
            this = runs.pop("this")
            change = {"page": key, "from": query, "click": button, "median_s": round(statistics.median(this[1:]), 2),
                      "runs_s": [round(x, 2) for x in this[1:]], "first_s": round(this[0], 2),
                      **{f"{name}_median_s": round(statistics.median(v[1:]), 2) for name, v in runs.items()}}
            changes.append(change)
            print(f"filter change  {key}?{query} -> {button}: {change['median_s']:.2f} s "
                  f"(first, cold: {change['first_s']:.2f} s)"
                  + "".join(f", {name} {change[name + '_median_s']:.2f} s" for name in runs), flush=True)
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
    first = next((f for f in figures if f["page"] == PAGES[0].key), None)  # the page at "/"
    summary = {
        "first_page_s": first["this_median_s"] if first else None,
        "slowest_other_s": max((f["this_median_s"] for f in figures if f is not first), default=None),
        "slowest_filter_change_s": max((c["median_s"] for c in changes), default=None),
        # the same, until the layer files maps fetch are in, and until every shown map has
        # drawn with all its data (software WebGL here)
        "first_page_data_in_s": first["this_data_in_median_s"] if first else None,
        "slowest_other_data_in_s": max((f["this_data_in_median_s"] for f in figures if f is not first), default=None),
        "first_page_drawn_s": first["this_drawn_median_s"] if first else None,
        "slowest_other_drawn_s": max((f["this_drawn_median_s"] for f in figures if f is not first), default=None),
        "largest_map_kb": max((f["map_kb"] for f in figures), default=None),
    }
    print(f"first page {summary['first_page_s']} s (goal {GOALS['first_page_s']}), slowest other view "
          f"{summary['slowest_other_s']} s (goal {GOALS['page_s']}), slowest filter change "
          f"{summary['slowest_filter_change_s']} s (goal {GOALS['filter_change_s']}), largest map data "
          f"{summary['largest_map_kb']} KB (goal {GOALS['map_kb']}); with the maps' layer files in: first page "
          f"{summary['first_page_data_in_s']} s, slowest other view {summary['slowest_other_data_in_s']} s; "
          f"with every map drawn: first page "
          f"{summary['first_page_drawn_s']} s, slowest other view {summary['slowest_other_drawn_s']} s", flush=True)
    result = {"views": figures, "filter_changes": changes, "summary": summary, "goals": GOALS,
              "load_average": os.getloadavg()}
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=1))
    return result


@contextlib.contextmanager
def _server(root: Path):
    """A warehouse built by `root`'s own code in a temporary var dir, and its server."""
    with server_on_fresh_warehouse(root, prefix="osd-pageready-") as (server, var):
        yield server.base, var, server.pid


if __name__ == "__main__":
    main()

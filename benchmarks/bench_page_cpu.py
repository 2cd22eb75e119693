"""Server CPU per page view, with Streamlit's file watcher and post-run garbage
collection on (Streamlit's defaults) and off (.streamlit/config.toml).

    python benchmarks/bench_page_cpu.py --views 10

Each view is a new browser session (a new context in headless Chromium) that opens the
page and waits until the script has finished; the figure is the server process's CPU
time (user + system) divided by the number of views. CPU time, not wall time, so a
busy machine changes it little.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import ROOT, Single, _wait_ready, cpu_seconds  # noqa: E402

from devtools import browser as chromium  # noqa: E402

SETTINGS = {
    "streamlit defaults (watcher auto, GC after each run)":
        ["--server.fileWatcherType", "auto", "--runner.postScriptGC", "true"],
    "project config (watcher none, no forced GC)": [],
}


async def views(base: str, path: str, count: int) -> None:
    from playwright.async_api import async_playwright
    async with async_playwright() as p:
        browser = await chromium.launch(p)
        try:
            for _ in range(count):
                context = await browser.new_context()
                page = await context.new_page()
                await page.goto(f"{base}/{path}", timeout=120_000)
                await _wait_ready(page, 120)
                await context.close()
        finally:
            await browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=10)
    parser.add_argument("--pages", nargs="+", default=["", "air"])
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "bench_page_cpu.json")
    args = parser.parse_args(argv)
    work = ROOT / "artifacts" / "bench_load"
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for label, extra in SETTINGS.items():
        server = Single(work, extra)
        try:
            pids = server.pids()
            for path in args.pages:
                asyncio.run(views(server.base, path, 2))  # warm: imports, caches
                before = cpu_seconds(pids)
                asyncio.run(views(server.base, path, args.views))
                per_view = (cpu_seconds(pids) - before) / args.views
                results.setdefault(label, {})[path or "glance"] = round(per_view, 3)
                print(f"{label:<55} /{path:<6} {per_view:.3f} s CPU per view")
        finally:
            server.stop()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"views": args.views, "cpu_s_per_view": results}, indent=2))
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

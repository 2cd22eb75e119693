"""Debian's Chromium driven by Playwright (no browser download), launched the one way the
tests and the benchmarks share, and what "the page is ready" means."""
from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# No sandbox (containers run as root), no GPU, and nothing that phones home or updates.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]

# Streamlit has finished the script (none running or queued), the page title is shown,
# nothing of a previous run is shown faded, no lazily loaded element is still a skeleton,
# every Plotly chart has drawn its SVG and every deck.gl map has its canvas.
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const all = (selector) => [...document.querySelectorAll(selector)];
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
      && !!document.querySelector('[data-testid="stMain"] h1')
      && !document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"], [data-testid="stSkeleton"]')
      && all('[data-testid="stPlotlyChart"]').every(el => el.querySelector('.main-svg'))
      && all('[data-testid="stDeckGlJsonChart"]').every(el => el.querySelector('canvas'));
}"""

# READY_JS held for `steadyMs` without a break: a rerun the page asks for right after its
# first run, or a map drawing its first frames, has had its time.
_STEADY_JS = f"""(steadyMs) => {{
  if (!({READY_JS})()) {{ window.__osdReadySince = undefined; return false; }}
  window.__osdReadySince ??= performance.now();
  return performance.now() - window.__osdReadySince >= steadyMs;
}}"""


def chromium_installed() -> bool:
    return Path(CHROMIUM).exists()


def launch(playwright):
    """A headless Chromium from a sync or async Playwright (await the result of the latter)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_ready(page, timeout_s: float = 60, steady_ms: int = 0) -> None:
    """Wait (sync Playwright) until the page is ready as READY_JS says, for `steady_ms` on end."""
    page.evaluate("() => { window.__osdReadySince = undefined; }")
    # Checked every 20 ms (a check costs well under a millisecond): the benchmarks' times are
    # exact to a frame or so, not to the 100 ms a coarser poll would add at random.
    page.wait_for_function(_STEADY_JS, arg=steady_ms, timeout=timeout_s * 1000, polling=20)

"""An indicator's chart as a PNG for the handout, drawn with matplotlib (offline, no
browser): the same series, headline mark and reference lines as the on-screen chart."""
from __future__ import annotations

import io
import threading

import matplotlib

matplotlib.use("Agg")  # no display on a server

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from indicators import charts  # noqa: E402
from indicators.evaluate import Reading  # noqa: E402

from . import fonts  # noqa: E402

_registered: dict[str, bool] = {}
# pyplot keeps global state (rcParams, current figure): one chart at a time per process.
_lock = threading.Lock()


def _font_families() -> list[str]:
    if not _registered:
        for path in (fonts.REGULAR, fonts.BOLD):
            font_manager.fontManager.addfont(str(path))
        _registered["done"] = True
    # Nanum for Hangul, DejaVu (bundled with matplotlib) for µ, − and other symbols.
    return ["NanumGothic", "DejaVu Sans"]


def png(reading: Reading, *, width_mm: float = 170, height_mm: float = 78, dpi: int = 200) -> bytes:
    with _lock:
        return _png(reading, width_mm, height_mm, dpi)


def _png(reading: Reading, width_mm: float, height_mm: float, dpi: int) -> bytes:
    ind, lang = reading.indicator, reading.lang
    plt.rcParams["font.family"] = _font_families()
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=dpi)
    try:
        periods = pd.to_datetime(reading.series["period"])
        values = reading.series["value"].astype(float)
        if ind.cadence == "yearly":
            labels = periods.dt.year.astype(str).tolist()
        elif ind.cadence in ("monthly", "list"):
            labels = periods.dt.strftime("%Y-%m").tolist()
        else:
            labels = periods.dt.strftime("%Y-%m-%d").tolist()
        positions = list(range(len(values)))
        if ind.chart_kind == "bar":
            colours = [charts.SERIES_COLOUR] * len(values)
            colours[-1] = charts.HEADLINE_COLOUR
            ax.bar(positions, values, color=colours, width=0.7)
        else:
            ax.plot(positions, values, color=charts.SERIES_COLOUR, linewidth=1.8)
        if reading.ok:
            ax.plot([positions[-1]], [values.iloc[-1]], marker="D", color=charts.HEADLINE_COLOUR, markersize=6)
            ax.annotate(reading.value_text(with_unit=False), (positions[-1], values.iloc[-1]),
                        textcoords="offset points", xytext=(0, 7), ha="center", fontsize=9.5,
                        color=charts.HEADLINE_COLOUR)
        for value, label in charts.references(reading):
            ax.axhline(value, color=charts.REFERENCE_COLOUR, linestyle="--", linewidth=1.2)
            ax.annotate(label, (0, value), textcoords="offset points", xytext=(2, 3), fontsize=7.5, va="bottom",
                        color=charts.REFERENCE_COLOUR, backgroundcolor="white")
        step = max(1, len(labels) // 8)
        ax.set_xticks(positions[::step], labels[::step], fontsize=7.5, rotation=0)
        ax.tick_params(axis="y", labelsize=7.5)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:,.{min(ind.decimals, 2)}f}"))
        ax.set_ylabel(ind.unit(lang), fontsize=8)
        ax.set_ylim(bottom=0)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#e3e8ee", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.tight_layout(pad=0.4)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=dpi)
        return out.getvalue()
    finally:
        plt.close(fig)

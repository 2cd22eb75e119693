"""Visual theme: one place for CSS tweaks, chart colours and the map style."""
from __future__ import annotations

import streamlit as st

# A calm, high-contrast palette that reads on a projector and on a phone.
ACCENT = "#1f5fbf"
SEQUENTIAL = ["#eef4fb", "#c9dcf2", "#94bde6", "#5a98d6", "#2f74c0", "#184f91", "#0b2f5c"]
CATEGORICAL = ["#1f5fbf", "#e8743b", "#19a979", "#945ecf", "#ed4a7b", "#13a4b4", "#6c8893", "#bf8b2a", "#525df4"]

_CSS = """
<style>
.block-container {padding-top: 2.2rem; max-width: 1400px;}
.osd-intro {font-size: 1.08rem; color: #3b4a5a; max-width: 60rem;}
.osd-badge {display:inline-block; padding: 0.1rem 0.6rem; border-radius: 1rem; color:#111;
  font-weight: 600; font-size: 0.95rem;}
.osd-card-value {font-size: 2.3rem; font-weight: 700; line-height: 1.15;}
.osd-card-unit {font-size: 1rem; color: #5b6b7b; font-weight: 500;}
.osd-card-label {font-size: 0.95rem; color: #3b4a5a; font-weight: 600;}
.osd-card-note {font-size: 0.85rem; color: #4b5b6b;}
/* Streamlit fades captions (opacity 0.6) below 4.5:1 contrast on white (axe color-contrast). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #4b5563 !important; opacity: 1 !important;}
.osd-card-age {font-size: 0.85rem; color: #3b4a5a; margin-top: 0.2rem;}
/* text alternatives of charts: read by screen readers, not drawn */
.osd-sr {position:absolute; width:1px; height:1px; margin:-1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap;}
.osd-fresh {font-size: 0.82rem; margin-bottom: 0.35rem; line-height: 1.25;}
.osd-fresh span {color: #4b5b6b;}
.osd-dot {display:inline-block; width:0.55rem; height:0.55rem; border-radius:50%; margin-right:0.35rem;
  background:#8a99a8;}
.osd-dot.osd-openapi {background:#19a979;} .osd-dot.osd-file {background:#e8743b;}
.osd-dot.osd-bundled {background:#1f5fbf;}
.osd-footer {font-size: 0.85rem; color: #4b5b6b;}
.osd-footer ul {padding-left: 1.1rem;}
.osd-legend span {display:inline-block; margin-right: 0.8rem; font-size: 0.9rem;}
.osd-legend i {display:inline-block; width: 0.9rem; height: 0.9rem; border-radius: 0.2rem;
  vertical-align: -0.1rem; margin-right: 0.3rem;}
/* The language switch atop the page is for phones; on wider screens it takes no room
   (nor does a wrapper Streamlit may put around it). */
.st-key-osd-lang-top, div:has(> .st-key-osd-lang-top):not([data-testid="stVerticalBlock"]) {display: none;}
@media (max-width: 640px) {
  div:has(> .st-key-osd-lang-top):not([data-testid="stVerticalBlock"]) {display: block;}
  .st-key-osd-lang-top {display: flex; margin-top: 1.1rem; margin-bottom: -0.8rem;}
  .osd-card-value {font-size: 1.8rem;}
  /* on a phone the plotly toolbar would sit on legends; downloads are under each chart */
  [data-testid='stPlotlyChart'] .modebar-container {display: none;}
  .block-container {padding-left: 0.8rem; padding-right: 0.8rem;}
}
</style>
"""


def inject_css() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)


def sequential_colour(value: float | None, lo: float, hi: float) -> list[int]:
    """RGB for a value on the sequential palette (grey for missing)."""
    if value is None or value != value or hi <= lo:
        return [200, 200, 200]
    pos = min(max((value - lo) / (hi - lo), 0.0), 1.0) * (len(SEQUENTIAL) - 1)
    hex_colour = SEQUENTIAL[round(pos)]
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


def hex_to_rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]

"""Indicators as units: each declared once in `registry.toml` (query, unit, judgement,
chart, map layer, datasets, cadence, description), evaluated as of any day.

No Streamlit here: pages, the briefing handout and the HTTP API all use this package.
"""
from .evaluate import Judgement, Reading, evaluate, value_text
from .model import Indicator, RegistryError, get, ids, registry

__all__ = ["Indicator", "Judgement", "Reading", "RegistryError", "evaluate", "get", "ids", "registry", "value_text"]

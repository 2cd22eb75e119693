"""Run one page of the real app shell under Streamlit's AppTest."""
from __future__ import annotations

import base64
import json

import numpy as np
from streamlit.testing.v1 import AppTest


def _open_page(start: str) -> None:  # runs inside AppTest: keep it self-contained
    from dashboard import shell
    shell.main(start=start)


def run_page(key: str, lang: str = "ko", timeout: float = 90, **query_params) -> AppTest:
    from dashboard import i18n
    # AppTest calls widgets' format_func in the test's own thread (outside the session),
    # where the process-wide language applies: make it the page's, so labels match.
    i18n.set_lang(lang)
    at = AppTest.from_function(_open_page, args=(key,), default_timeout=timeout)
    at.query_params["lang"] = lang
    for name, value in query_params.items():
        at.query_params[name] = value
    at.run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception, no untranslated message key, a title, and the provenance footer."""
    assert not at.exception, [e.value for e in at.exception]
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    missing = [x for x in texts if "⟦" in x]
    assert not missing, f"untranslated message keys: {missing[:3]}"
    assert at.title, "page has no title"
    assert any("osd-footer" in m.value for m in at.markdown), "provenance footer missing"


# Map data a view may send (issue 14): every pydeck chart's JSON together, as it travels.
MAP_BUDGET_BYTES = 300_000


def map_bytes(at: AppTest) -> int:
    return sum(len(chart.proto.json.encode()) for chart in at.get("deck_gl_json_chart"))


def figures(at: AppTest) -> list[dict]:
    """The plotly figures on the page, as their JSON specs."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def plotly_values(array) -> list:
    """Plotly sends numeric arrays as base64 typed arrays ({dtype, bdata})."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)

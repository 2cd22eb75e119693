"""Run one page of the real app shell under Streamlit's AppTest."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _open_page(start: str) -> None:  # runs inside AppTest: keep it self-contained
    from dashboard import shell
    shell.main(start=start)


def run_page(key: str, lang: str = "ko", timeout: float = 90, **query_params) -> AppTest:
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

"""The server configuration keeps per-view CPU down: no file watcher re-scanning every
module for each new session, no forced full garbage collection after every script run.
The option names are checked against the installed Streamlit, so an upgrade that renames
them fails here instead of silently turning the costs back on."""
from __future__ import annotations

import tomllib
from pathlib import Path

from streamlit import config as st_config

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_file_watcher_and_post_script_gc_are_off():
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings["server"]["fileWatcherType"] == "none"
    assert settings["server"]["runOnSave"] is False
    assert settings["runner"]["postScriptGC"] is False
    for option in ("server.fileWatcherType", "runner.postScriptGC"):
        assert option in st_config._config_options_template, f"Streamlit no longer knows {option}"

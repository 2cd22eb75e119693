"""Fonts embedded in the handout: NanumGothic for Korean (Debian fonts-nanum), DejaVu
Sans for symbols NanumGothic lacks (µ, −). scripts/setup.sh installs both."""
from __future__ import annotations

import os
from pathlib import Path

_DIRS = [Path(p) for p in os.environ.get("OSD_FONT_DIRS", "").split(os.pathsep) if p] + [
    Path("/usr/share/fonts/truetype/nanum"), Path("/usr/share/fonts/truetype/dejavu")]


def _find(name: str) -> Path:
    for directory in _DIRS:
        if (directory / name).exists():
            return directory / name
    return _DIRS[-1] / name  # reported by check() if missing


REGULAR = _find("NanumGothic.ttf")
BOLD = _find("NanumGothicBold.ttf")
SYMBOLS = _find("DejaVuSans.ttf")


class FontMissing(RuntimeError):
    pass


def check() -> None:
    missing = [str(p) for p in (REGULAR, BOLD, SYMBOLS) if not p.exists()]
    if missing:
        raise FontMissing("handout fonts not installed (run scripts/setup.sh): " + ", ".join(missing))

"""Decks: an ordered list of indicator slides, each with its parameters and an optional
note, written compactly enough for a URL pasted into an email.

    deck=pm25_day.accidents*gGangnam-gu*d20240630*nQ29tcGFyZSB3aXRoIGxhc3QgeWVhcg

Slides are separated by '.', a slide's fields by '*'; a field is one letter and its
value: g = district (English or Korean name), d = as-of date (YYYYMMDD), y = year
(the as-of becomes 31 December of it), n = note (UTF-8, base64url). Only characters a
browser leaves unescaped in a query string are used, so the link stays short. A bad
slide or field is left out with a notice; a deck longer than MAX_SLIDES is refused.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass, field, replace

from . import text
from .model import registry

MAX_SLIDES = 30
MAX_RAW = 6000  # characters of the deck parameter read at most
MAX_NOTE = 280
DEFAULT_DECK = "pm25_day.pm25_month.pm25_annual.bikes_available.rentals_month.accidents_month.accidents.bike_acc.expressway"


@dataclass(frozen=True)
class Slide:
    indicator: str
    gu: str = ""
    as_of: dt.date | None = None
    note: str = ""


@dataclass
class Deck:
    slides: list[Slide]
    notices: list[str] = field(default_factory=list)
    refused: bool = False
    is_default: bool = False


def _note_decode(raw: str) -> str:
    padded = raw + "=" * (-len(raw) % 4)
    return base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True).decode("utf-8")[:MAX_NOTE]


def _note_encode(note: str) -> str:
    return base64.urlsafe_b64encode(note[:MAX_NOTE].encode("utf-8")).decode("ascii").rstrip("=")


def encode(slides: list[Slide]) -> str:
    parts = []
    for slide in slides:
        fields = [slide.indicator]
        if slide.gu:
            fields.append("g" + slide.gu)
        if slide.as_of:
            fields.append("d" + slide.as_of.strftime("%Y%m%d"))
        if slide.note:
            fields.append("n" + _note_encode(slide.note))
        parts.append("*".join(fields))
    return ".".join(parts)


def _parse_slide(raw: str, lang: str) -> tuple[Slide | None, list[str]]:
    notices = []
    ind_id, *fields = raw.split("*")
    if ind_id not in registry():
        return None, [text.msg("deck_unknown", lang, id=ind_id[:40])]
    slide = Slide(ind_id)
    for item in fields:
        key, value = item[:1], item[1:]
        try:
            if key == "g" and value:
                slide = replace(slide, gu=value[:40])
            elif key == "d":
                slide = replace(slide, as_of=dt.datetime.strptime(value, "%Y%m%d").date())
            elif key == "y":
                slide = replace(slide, as_of=dt.date(int(value), 12, 31))
            elif key == "n":
                slide = replace(slide, note=_note_decode(value))
            else:
                raise ValueError(item)
        except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError):
            notices.append(text.msg("deck_bad_field", lang, field=item[:40], id=ind_id))
    return slide, notices


def parse(raw: str | None, lang: str = "ko") -> Deck:
    """A deck from its URL form; the default deck when none is given."""
    if raw is None or not raw.strip():
        deck = parse(DEFAULT_DECK, lang)
        deck.is_default = True
        return deck
    if len(raw) > MAX_RAW or raw.count(".") + 1 > MAX_SLIDES:
        count = raw.count(".") + 1
        return Deck([], [text.msg("deck_too_long", lang, n=count, max=MAX_SLIDES)], refused=True)
    slides, notices = [], []
    for part in raw.strip().strip(".").split("."):
        if not part:
            continue
        slide, problems = _parse_slide(part, lang)
        notices += problems
        if slide is not None:
            slides.append(slide)
    if not slides:
        deck = parse(DEFAULT_DECK, lang)
        deck.notices = notices + [text.msg("deck_empty", lang)]
        deck.is_default = True
        return deck
    return Deck(slides, notices)

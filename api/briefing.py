"""GET /api/briefing.pdf?deck=…&lang=ko|en[&as_of=YYYY-MM-DD] — the briefing handout of a
deck (the default deck "Seoul this month" when none is given) as an A4 PDF.

The deck uses the presentation's URL form (indicators/deck.py). A deck that cannot be
read at all, or is longer than the limit, is a 400 with a message; a slide that cannot
be read is left out and named on the handout's pages like on the slides.
"""
from __future__ import annotations

import datetime as dt
import functools

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import queries
from briefing import handout
from data_sources import warehouse
from indicators import deck as decks
from indicators import text

from .routes import ApiError, _allowed, _base, _choice, _in_thread, _warehouse_path, endpoint

# Rendering a handout is CPU work (charts, font subsetting): two at a time at most.
_pdf_slots: dict[str, anyio.CapacityLimiter] = {}


def _slots() -> anyio.CapacityLimiter:
    if "l" not in _pdf_slots:
        _pdf_slots["l"] = anyio.CapacityLimiter(2)
    return _pdf_slots["l"]


def _render(slides: list[decks.Slide], lang: str, as_of: dt.date | None, base: str) -> bytes:
    con = warehouse.connect_read_only(_warehouse_path())
    try:
        return handout.build_pdf(slides, lambda name, params: queries.run(name, params, con=con),
                                 lang=lang, as_of=as_of, base_url=base)
    finally:
        con.close()


@endpoint
async def briefing_pdf(request: Request) -> Response:
    _allowed(request, {"deck", "lang", "as_of"})
    lang = _choice(request, "lang", ("ko", "en"), "ko")
    raw_as_of = request.query_params.get("as_of") or ""
    as_of = None
    if raw_as_of:
        try:
            as_of = dt.date.fromisoformat(raw_as_of)
        except ValueError:
            raise ApiError(400, "bad_parameter", f"as_of must be a date YYYY-MM-DD (got {raw_as_of[:40]!r})") from None
        as_of = min(as_of, text.today_kst())
    raw_deck = request.query_params.get("deck") or None
    deck = decks.parse(raw_deck, lang)
    if deck.refused:
        raise ApiError(400, "bad_parameter", " ".join(deck.notices))
    if raw_deck and deck.is_default:  # nothing in it could be read
        raise ApiError(400, "bad_parameter", " ".join(deck.notices))
    async with _slots():
        pdf = await _in_thread(functools.partial(_render, deck.slides, lang, as_of, _base(request)))
    stamp = (as_of or text.today_kst()).isoformat()
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="briefing-{stamp}-{lang}.pdf"',
        "X-Slides": str(len(deck.slides)), "X-Notices": str(len(deck.notices))})


routes = [Route("/api/briefing.pdf", briefing_pdf, methods=["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])]

"""Decks in the URL, the handout PDF read back with pypdf (its text and numbers equal the
indicator values), and GET /api/briefing.pdf on the real server."""
from __future__ import annotations

import datetime as dt
import io
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

import indicators
import queries
from briefing import handout
from indicators import deck as decks

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run(con):
    return lambda name, params: queries.run(name, params, con=con)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- decks ------------------------------------------------------------------------------------

def test_deck_round_trip_with_district_date_and_korean_note():
    slides = [decks.Slide("accidents"), decks.Slide("pm25_day", gu="Mapo-gu", as_of=dt.date(2021, 3, 4),
                                                     note="작년 회의와 비교 · 50% 목표")]
    raw = decks.encode(slides)
    assert set(raw) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.*")
    assert urllib.parse.quote(raw, safe="-_.*") == raw, "the deck must survive a URL unescaped"
    deck = decks.parse(raw)
    assert deck.slides == slides and not deck.notices
    assert len(decks.DEFAULT_DECK) < 200 and decks.parse(None).is_default


def test_bad_decks_give_notices_and_long_decks_are_refused():
    deck = decks.parse("accidents.unknown.bike_acc*d2024-99-99*y2020*qq")
    assert [s.indicator for s in deck.slides] == ["accidents", "bike_acc"]
    assert deck.slides[1].as_of == dt.date(2020, 12, 31)
    assert len(deck.notices) == 3
    empty = decks.parse("...x.y", "en")
    assert empty.is_default and "default deck" in empty.notices[-1]
    refused = decks.parse(".".join(["accidents"] * 200), "en")
    assert refused.refused and not refused.slides and "200 slides" in refused.notices[0]
    assert decks.parse("accidents*n%%%").notices


# --- the handout ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ko", "en"])
def test_handout_numbers_equal_the_indicators(run, lang):
    deck = decks.parse(None)
    pdf = handout.build_pdf(deck.slides, run, lang=lang, base_url="http://seoul.example")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(deck.slides) + 1
    width, height = float(reader.pages[1].mediabox.width), float(reader.pages[1].mediabox.height)
    assert (round(width), round(height)) == (595, 842), "A4"
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()
             for f in [f.get_object()["/BaseFont"]]}
    assert any("NanumGothic" in f for f in fonts), fonts
    pages = [_flat(p) for p in _pages(pdf)]
    for i, slide in enumerate(deck.slides, 1):
        r = indicators.evaluate(indicators.get(slide.indicator), run, lang=lang)
        page = pages[i]
        assert r.title in page
        assert r.value_text() in page or f"{r.number_text}" in page
        assert _flat(r.takeaway) in page, (slide.indicator, r.takeaway, page[:400])
        for _label, value in r.key_numbers():
            assert _flat(value) in page
        assert "KOGL" in page or "공공누리" in page
        assert f"http://seoul.example/present?deck={decks.encode(deck.slides)}&slide={i}" in page.replace(" ", "")
        if r.judgement:
            assert r.judgement.label in page
    assert ("이번 달 서울" if lang == "ko" else "Seoul this month") in pages[0], "the default deck is named"


def test_handout_as_of_a_year_back(run):
    as_of = dt.date(2024, 6, 30)
    slides = [decks.Slide("accidents"), decks.Slide("accidents", gu="강남구", note="강남구만")]
    pages = [_flat(p) for p in _pages(handout.build_pdf(slides, run, lang="ko", as_of=as_of))]
    assert "33,811건" in pages[1] and "33,465" not in " ".join(pages)
    gangnam = indicators.evaluate(indicators.get("accidents"), run, lang="ko", gu="강남구", as_of=as_of)
    assert gangnam.value_text() in pages[2] and "강남구만" in pages[2]
    assert "기준일: 2024년 6월 30일" in pages[0]


# --- GET /api/briefing.pdf --------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(dashboard_server):
    return dashboard_server


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=120) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_api_briefing_pdf(server, run):
    status, headers, body = _get(f"{server}/api/briefing.pdf?deck=accidents.bike_acc*gMapo-gu&lang=en")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert "attachment" in headers["Content-Disposition"]
    pages = [_flat(p) for p in _pages(body)]
    r = indicators.evaluate(indicators.get("bike_acc"), run, lang="en", gu="Mapo-gu")
    assert _flat(r.takeaway) in pages[2]
    assert f"{server}/present?deck=accidents.bike_acc*gMapo-gu&slide=2&lang=en" in pages[2].replace(" ", "")
    for query, fragment in (("deck=" + ".".join(["accidents"] * 200), "200"), ("deck=nothing", "nothing"),
                            ("lang=fr", "lang"), ("as_of=yesterday", "as_of"), ("colour=red", "unknown parameter")):
        status, headers, body = _get(f"{server}/api/briefing.pdf?{query}")
        assert status == 400 and headers["Content-Type"].startswith("application/json"), query
        assert fragment in body.decode(), body[:200]

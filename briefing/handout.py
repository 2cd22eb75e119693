"""Build the briefing handout PDF for a deck: a cover with every headline, then one A4
page per slide (title, headline value with its judgement in words, comparison,
takeaway, note, chart image, key numbers, what it measures, caveats, sources, licence,
as-of and the link back to the live slide)."""
from __future__ import annotations

import datetime as dt
import logging
import urllib.parse
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

import indicators
from data_sources import catalog
from indicators import charts, text
from indicators import deck as decks
from indicators.evaluate import Runner

from . import chart_image, fonts

# fontTools reports every font table it cannot subset (harmless) at WARNING level.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

CONTEXT_DATASETS = {"gu_boundaries", "bike_station_info"}
INK = (27, 40, 54)
MUTED = (75, 91, 107)
ACCENT = (11, 47, 92)
_WORDS = {
    "ko": {"title": "브리핑 자료", "made": "만든 때", "as_of": "기준일", "latest": "최신 자료", "contents": "차례",
           "what": "무엇을 재나", "why": "왜 중요한가", "caveats": "알아 둘 점", "sources": "출처", "licence": "이용 조건",
           "live": "화면에서 보기", "note": "메모", "key": "주요 수치", "page": "쪽", "app": "열린 서울 대시보드"},
    "en": {"title": "Briefing", "made": "Made", "as_of": "As of", "latest": "latest data", "contents": "Contents",
           "what": "What it measures", "why": "Why it matters", "caveats": "Caveats", "sources": "Sources",
           "licence": "Licence", "live": "View online", "note": "Note", "key": "Key numbers", "page": "page",
           "app": "Open Seoul Dashboard"},
}


class _Handout(FPDF):
    def __init__(self, lang: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.language = lang
        fonts.check()
        self.add_font("Nanum", "", str(fonts.REGULAR))
        self.add_font("Nanum", "B", str(fonts.BOLD))
        self.add_font("DejaVu", "", str(fonts.SYMBOLS))
        self.add_font("DejaVu", "B", str(fonts.SYMBOLS))
        self.set_fallback_fonts(["DejaVu"], exact_match=False)
        self.set_auto_page_break(True, margin=16)
        self.set_margins(18, 16, 18)
        self.set_title(_WORDS[lang]["title"])
        self.set_creator(_WORDS[lang]["app"])
        self.set_lang("ko-KR" if lang == "ko" else "en")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("Nanum", "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{_WORDS[self.language]['app']} · {self.page_no()} / {{nb}}", align="C")

    def para(self, content: str, size: float, *, bold: bool = False, colour=INK, gap: float = 1.5,
             height: float | None = None) -> None:
        self.set_font("Nanum", "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, height or size * 0.5, content, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(gap)


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def live_url(base_url: str, slides: Sequence[decks.Slide], slide_no: int, lang: str, as_of: dt.date | None) -> str:
    params = {"deck": decks.encode(list(slides)), "slide": slide_no, "lang": lang}
    if as_of:
        params["as_of"] = as_of.isoformat()
    return f"{base_url.rstrip('/')}/present?" + urllib.parse.urlencode(params, safe="*")


def readings(slides: Sequence[decks.Slide], run: Runner, *, lang: str, as_of: dt.date | None = None,
             today: dt.date | None = None) -> list[indicators.Reading]:
    """The deck's readings exactly as the presentation computes them."""
    return [indicators.evaluate(indicators.get(s.indicator), run, as_of=s.as_of or as_of, gu=s.gu, lang=lang,
                                today=today, with_map=False) for s in slides]


def _cover(pdf: _Handout, rs: list[indicators.Reading], as_of: dt.date | None, made: dt.date,
           title: str | None) -> None:
    w = _WORDS[pdf.language]
    pdf.add_page()
    pdf.para(f"{w['app']} · {w['title']}", 11, colour=MUTED, gap=1)
    pdf.para(title or w["title"], 26, bold=True, colour=ACCENT, gap=2)
    as_of_text = text.date(as_of, pdf.language) if as_of else w["latest"]
    pdf.para(f"{w['as_of']}: {as_of_text} · {w['made']}: {text.date(made, pdf.language)}", 11, colour=MUTED, gap=6)
    pdf.para(w["contents"], 14, bold=True, gap=2)
    for i, r in enumerate(rs, 1):
        value = r.value_text() if r.ok else "–"
        judge = f" · {r.judgement.label}" if r.judgement else ""
        pdf.set_font("Nanum", "B", 11)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 6, f"{i}. {r.title} — {value}{judge} ({r.period_text})", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT, align="L")
        pdf.set_font("Nanum", "", 9.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 5, r.takeaway if r.ok else text.msg("no_data", pdf.language), new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT, align="L")
        pdf.ln(2)


def _badge(pdf: _Handout, r: indicators.Reading) -> None:
    if r.judgement is None:
        return
    pdf.set_font("Nanum", "B", 11)
    label = r.judgement.label
    width = pdf.get_string_width(label) + 8
    pdf.set_fill_color(*_hex(r.judgement.colour))
    pdf.set_draw_color(*INK)
    pdf.set_text_color(17, 17, 17)
    pdf.cell(width, 7, label, border=1, fill=True, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _slide_page(pdf: _Handout, i: int, total: int, r: indicators.Reading, slide: decks.Slide, link: str) -> None:
    w = _WORDS[pdf.language]
    ind, lang = r.indicator, pdf.language
    pdf.add_page()
    pdf.para(f"{i} / {total}", 9, colour=MUTED, gap=0.5)
    pdf.para(r.title, 18, bold=True, colour=ACCENT, gap=1)
    for notice in r.notices:
        pdf.para(notice, 9.5, colour=MUTED, gap=1)
    if not r.ok:
        pdf.para(text.msg("no_data", lang), 12)
        return
    pdf.set_font("Nanum", "B", 30)
    pdf.set_text_color(*ACCENT)
    number = r.number_text
    pdf.cell(pdf.get_string_width(number) + 2, 14, number)
    pdf.set_font("Nanum", "", 14)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 16, r.unit_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _badge(pdf, r)
    pdf.para(f"{r.period_text} · {r.age_text}", 9.5, colour=MUTED, gap=1)
    pdf.para(r.comparison_text, 11.5, bold=True, gap=1.5)
    pdf.para(r.takeaway, 11.5, gap=2, height=6)
    if slide.note:
        pdf.set_fill_color(238, 244, 251)
        pdf.set_font("Nanum", "B", 10.5)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(0, 6, f"{w['note']}: {slide.note}", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT, padding=2,
                       align="L")
        pdf.ln(2)
    if not r.series.empty:
        pdf.image(chart_image.png(r), w=pdf.epw, h=pdf.epw * 78 / 170, alt_text=charts.alt_text(r))
        pdf.ln(2)
    pdf.para(w["key"], 11, bold=True, gap=1)
    pdf.set_font("Nanum", "", 9.5)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(200, 208, 216)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(col_widths=(45, 55), text_align=("LEFT", "RIGHT"), line_height=5.6, first_row_as_headings=False,
                   borders_layout="HORIZONTAL_LINES") as table:
        for label, value in r.key_numbers():
            row = table.row()
            row.cell(label)
            row.cell(value)
    pdf.ln(2)
    for key, value in (("what", ind.what(lang)), ("caveats", ind.caveats(lang))):
        pdf.set_font("Nanum", "B", 9)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 4.6, f"{w[key]}: ", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.para(value, 9, colour=MUTED, gap=1, height=4.6)
    pdf.set_font("Nanum", "B", 9)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 4.6, f"{w['sources']}:", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    for dataset_id in ind.datasets:
        if dataset_id in CONTEXT_DATASETS:
            continue
        ds = catalog.get(dataset_id)
        pdf.para(f"{ds.title(lang)} — {ds.publisher} · {w['licence']}: {ds.licence} · {ds.attribution}", 8.5,
                 colour=MUTED, gap=0.5, height=4.3)
    pdf.set_font("Nanum", "B", 9)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 4.6, f"{w['live']}: {link}", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L",
                   wrapmode=WrapMode.CHAR)


def build_pdf(slides: Sequence[decks.Slide], run: Runner, *, lang: str = "ko", as_of: dt.date | None = None,
              base_url: str = "", today: dt.date | None = None, title: str | None = None) -> bytes:
    """The handout as PDF bytes (same readings as the live presentation). `title` names
    the deck on the cover (the default deck's name when it is the default deck)."""
    lang = "en" if lang == "en" else "ko"
    today = today or text.today_kst()
    rs = readings(slides, run, lang=lang, as_of=as_of, today=today)
    pdf = _Handout(lang)
    if title is None and list(slides) == decks.parse(None).slides:
        title = text.msg("deck_default_title", lang)
    _cover(pdf, rs, as_of, today, title)
    for i, (r, slide) in enumerate(zip(rs, slides), 1):
        _slide_page(pdf, i, len(slides), r, slide, live_url(base_url, slides, i, lang, as_of))
    return bytes(pdf.output())

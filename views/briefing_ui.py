"""Briefing tools shared by pages: the presenter's controls (deck editor, handout PDF,
auto-advance, embed snippet) and "add to briefing" for any indicator chart.

The briefing being assembled lives in the session; the deck being presented lives in
the URL (`deck=`), so a copied link reproduces it.
"""
from __future__ import annotations

import datetime as dt
import html
import urllib.parse

import streamlit as st

import indicators
from dashboard import data, nav
from dashboard.i18n import lang, t
from indicators import deck as decks
from indicators import text as ind_text

_SESSION_DECK = "briefing:slides"


def base_url() -> str:
    """scheme://host[:port] of the current request ('' when unknown, e.g. under AppTest)."""
    try:
        parts = urllib.parse.urlsplit(st.context.url or "")
    except Exception:  # no request context
        return ""
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def present_url(slides: list[decks.Slide], slide_no: int = 1, **extra) -> str:
    params = {"deck": decks.encode(slides), "slide": slide_no, "lang": lang(), **extra}
    shown = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base_url()}/present?" + urllib.parse.urlencode(shown, safe="*")


def embed_url(slide: decks.Slide) -> str:
    params = {"indicator": slide.indicator, "lang": lang(), "gu": slide.gu,
              "as_of": slide.as_of.isoformat() if slide.as_of else ""}
    return f"{base_url()}/embed?" + urllib.parse.urlencode({k: v for k, v in params.items() if v})


def embed_snippet(slide: decks.Slide) -> str:
    title = html.escape(indicators.get(slide.indicator).title(lang()), quote=True)
    return (f'<iframe src="{html.escape(embed_url(slide), quote=True)}" title="{title}" width="100%" height="780" '
            f'style="border:0" loading="lazy"></iframe>')


def handout_url(slides: list[decks.Slide], as_of: dt.date | None = None) -> str:
    params = {"deck": decks.encode(slides), "lang": lang(), "as_of": as_of.isoformat() if as_of else ""}
    return f"{base_url()}/api/briefing.pdf?" + urllib.parse.urlencode({k: v for k, v in params.items() if v}, safe="*")


# --- the session's briefing ("add to briefing") ------------------------------------------

def session_slides() -> list[decks.Slide]:
    return list(st.session_state.get(_SESSION_DECK, []))


def add_to_briefing(slide: decks.Slide) -> None:
    slides = session_slides()
    if slide not in slides and len(slides) < decks.MAX_SLIDES:
        slides.append(slide)
    st.session_state[_SESSION_DECK] = slides


def add_button(slide: decks.Slide, key: str) -> None:
    """'Add to briefing' (disabled once the slide is in it)."""
    added = slide in session_slides()
    st.button(t("briefing.added") if added else t("briefing.add"), key=f"brief:{key}", disabled=added,
              icon=":material/playlist_add_check:" if added else ":material/playlist_add:",
              on_click=add_to_briefing, args=(slide,))


def briefing_link() -> None:
    """'Present the briefing (n slides) →' once the session's briefing has slides."""
    slides = session_slides()
    if slides:
        st.markdown(f"[{t('briefing.open', n=len(slides))}]({present_url(slides)})")


def share_popover(slide: decks.Slide, key: str, note: str = "") -> None:
    """One control per indicator: add it to the briefing, present it, or embed it elsewhere."""
    # The embed code is built only while the menu is open: a highlighted code block under
    # every chart made every page load and run the code highlighter.
    menu = st.popover(t("briefing.share_menu"), icon=":material/share:", type="tertiary", key=f"share:{key}",
                      on_change="rerun")
    with menu:
        if note:
            st.caption(note)
        add_button(slide, key)
        briefing_link()
        st.markdown(f"[{t('briefing.present_one')}]({present_url([slide])})")
        if menu.open:
            st.caption(t("briefing.embed_help"))
            st.code(embed_snippet(slide), language="html", wrap_lines=True)


# --- the presenter's controls ---------------------------------------------------------------

def _write_deck(slides: list[decks.Slide], slide_no: int) -> None:
    st.query_params["deck"] = decks.encode(slides)
    st.query_params["slide"] = str(max(1, min(slide_no, len(slides))))


def _move(slides: list[decks.Slide], index: int, step: int, current: int) -> None:
    other = index + step
    slides = list(slides)
    slides[index], slides[other] = slides[other], slides[index]
    _write_deck(slides, current)


def _remove(slides: list[decks.Slide], index: int, current: int) -> None:
    slides = [s for i, s in enumerate(slides) if i != index]
    _write_deck(slides, current if current <= len(slides) else len(slides))


def _add(slides: list[decks.Slide], current: int) -> None:
    ind_id = st.session_state.get("present:add_ind")
    if not ind_id:
        return
    as_of = st.session_state.get("present:add_as_of")
    slide = decks.Slide(ind_id, gu=st.session_state.get("present:add_gu") or "",
                        as_of=as_of if isinstance(as_of, dt.date) else None,
                        note=(st.session_state.get("present:add_note") or "").strip()[:decks.MAX_NOTE])
    if len(slides) < decks.MAX_SLIDES:
        _write_deck([*slides, slide], len(slides) + 1)


def deck_editor(slides: list[decks.Slide], current: int) -> None:
    registry = indicators.registry()
    for i, slide in enumerate(slides):
        ind = registry[slide.indicator]
        extra = " · ".join(x for x in (slide.gu, slide.as_of.isoformat() if slide.as_of else "") if x)
        row = st.columns([6, 1, 1, 1], vertical_alignment="center", gap="small")
        row[0].markdown(f"{i + 1}. {html.escape(ind.title(lang()))}{' · ' + html.escape(extra) if extra else ''}"
                        f"{' · ' + html.escape(slide.note[:40]) if slide.note else ''}")
        row[1].button("", key=f"present:up:{i}", icon=":material/arrow_upward:", help=t("briefing.up"),
                      disabled=i == 0, on_click=_move, args=(slides, i, -1, current))
        row[2].button("", key=f"present:down:{i}", icon=":material/arrow_downward:", help=t("briefing.down"),
                      disabled=i == len(slides) - 1, on_click=_move, args=(slides, i, 1, current))
        row[3].button("", key=f"present:remove:{i}", icon=":material/delete:", help=t("briefing.remove"),
                      disabled=len(slides) == 1, on_click=_remove, args=(slides, i, current))
    st.markdown(f"**{t('briefing.add_slide')}**")
    titles = {ind_id: ind.title(lang()) for ind_id, ind in registry.items()}  # labels fixed in this run's language
    st.selectbox(t("briefing.indicator"), list(registry), key="present:add_ind", format_func=titles.get)
    st.text_input(t("briefing.district"), key="present:add_gu", placeholder=t("briefing.district_hint"))
    st.date_input(t("briefing.as_of"), value=None, key="present:add_as_of", min_value=dt.date(2005, 1, 1),
                  max_value=ind_text.today_kst(), format="YYYY-MM-DD")
    st.text_input(t("briefing.note"), key="present:add_note", max_chars=decks.MAX_NOTE)
    st.button(t("briefing.add_slide"), key="present:add", on_click=_add, args=(slides, current),
              icon=":material/add:", disabled=len(slides) >= decks.MAX_SLIDES)
    st.markdown(f"**{t('briefing.share')}**")
    st.code(present_url(slides), language=None, wrap_lines=True)


def _handout_builder(slides: list[decks.Slide], language: str, as_of: dt.date | None, base: str, path: str):
    """A callable for st.download_button: it runs after the click, outside the page run,
    so it reads the warehouse through the Streamlit-free serving layer, like the HTTP API."""
    def build() -> bytes:
        from briefing import handout  # fpdf2 and matplotlib load only when a handout is made
        return handout.build_pdf(slides, lambda name, params: data.run_uncached(name, params, path),
                                 lang=language, as_of=as_of, base_url=base)
    return build


def handout_download(slides: list[decks.Slide], as_of: dt.date | None = None) -> None:
    """The handout PDF, built only when clicked, from the readings the slides show."""
    stamp = (as_of or ind_text.today_kst()).isoformat()
    st.caption(t("briefing.handout_help", n=len(slides)))
    st.download_button(t("briefing.download"), _handout_builder(list(slides), lang(), as_of, base_url(),
                                                                str(data.warehouse_path())),
                       file_name=f"briefing-{stamp}-{lang()}.pdf", mime="application/pdf", key="present:pdf",
                       icon=":material/download:", on_click="ignore")
    if base_url():
        st.markdown(f"[{t('briefing.handout_link')}]({handout_url(slides, as_of)})")


def series_table(reading: indicators.Reading) -> None:
    """The chart's numbers as a table: the slide's and the embed's text alternative."""
    if reading.series.empty:
        return
    table = reading.series[["period", "value"]].copy()
    table["period"] = [ind_text.period(p, reading.indicator.cadence, lang()) for p in table["period"]]
    table.columns = [ind_text.msg("period", lang()), f"{reading.indicator.short(lang())} ({reading.unit_text})"]
    st.dataframe(table.iloc[::-1], hide_index=True, width="stretch", height=300)


def presenter_tools(deck: decks.Deck, slide_no: int, reading: indicators.Reading, auto: int,
                    deck_as_of: dt.date | None, auto_choices: tuple[str, ...]) -> None:
    cols = st.columns(5, gap="small", vertical_alignment="center")
    with cols[4].popover(t("briefing.data"), icon=":material/table:", width="stretch"):
        series_table(reading)
    with cols[0].popover(t("briefing.edit"), icon=":material/edit_note:", width="stretch"):
        deck_editor(deck.slides, slide_no)
    with cols[1].popover(t("briefing.handout"), icon=":material/picture_as_pdf:", width="stretch"):
        handout_download(deck.slides, deck_as_of)
    with cols[2].popover(t("briefing.embed"), icon=":material/code:", width="stretch"):
        slide = deck.slides[slide_no - 1]
        st.caption(t("briefing.embed_help"))
        st.code(embed_snippet(slide), language="html", wrap_lines=True)
        st.markdown(f"[{t('briefing.embed_open')}]({embed_url(slide)})")
        if nav.exists(reading.indicator.page):
            nav.link(reading.indicator.page, t("indpage.details", title=reading.indicator.short(lang())))
    with cols[3]:
        labels = {s: t("briefing.auto_off") if s == "0" else t("briefing.auto_every", n=s) for s in auto_choices}
        choice = st.selectbox(t("briefing.auto"), auto_choices, index=auto_choices.index(str(auto)),
                              key="present:auto", label_visibility="collapsed", format_func=labels.get)
        if choice != str(auto):
            if choice == "0":
                del st.query_params["auto"]
            else:
                st.query_params["auto"] = choice
            st.rerun()

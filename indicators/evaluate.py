"""An indicator as it stood on a day: headline value, comparison, judgement, chart and
map frames, key numbers and a one-sentence takeaway computed from the data.

`evaluate(indicator, run, as_of=…, gu=…, lang=…)` takes `run(name, params)` returning a
query result (anything with `.frame`), so the same code runs on the dashboard's cached
gateway (`dashboard.data.query`) and on a plain read-only connection (HTTP API, tests).
Bad input never raises: it becomes a notice and the nearest sensible view.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

import queries
from data_sources import catalog
from domain import air_grades, freshness

from . import text
from .model import Indicator

Runner = Callable[[str, dict], object]  # returns an object with .frame (queries.QueryResult)

_PRECISION = {"hourly": "time", "snapshot": "time", "daily": "day", "monthly": "month", "yearly": "year",
              "list": "day"}
# Colours of the annual-standard judgement (always shown with its words, never alone).
STANDARD_COLOURS = {"above": "#fd9b5a", "within": "#ffd36e", "who": "#32a1ff"}


@dataclass
class Judgement:
    label: str  # the words ('보통', 'Above the Korean annual standard (15 µg/m³)')
    colour: str  # background colour of the badge (the words carry the meaning)
    kind: str  # "grade" | "standard"
    phrase: str = ""  # the judgement inside the takeaway sentence, e.g. " ('보통' 등급)"


@dataclass
class Reading:
    indicator: Indicator
    lang: str
    as_of: dt.date  # the as-of date in effect (after clamping)
    gu: str = ""  # Korean district name, "" = Seoul
    gu_label: str = ""  # the district's name in the reading's language
    notices: list[str] = field(default_factory=list)
    period: object = None
    value: float | None = None
    prev_period: object = None
    prev_value: float | None = None
    change: float | None = None
    change_pct: float | None = None
    judgement: Judgement | None = None
    series: pd.DataFrame = field(default_factory=pd.DataFrame)  # columns: period, value (+ details)
    series_result: object = None
    map_frame: pd.DataFrame | None = None
    map_result: object = None
    row: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not text.missing(self.value)

    # --- words -----------------------------------------------------------------------
    @property
    def title(self) -> str:
        base = self.indicator.title(self.lang)
        return f"{base} · {self.place}" if self.gu else base

    @property
    def place(self) -> str:
        return self.gu_label or text.msg("seoul", self.lang)

    @property
    def age(self) -> freshness.Freshness:
        """How old the figure is, judged against its dataset's cadence. For a view of an
        earlier day the clock stops at the end of that day (the age it had then)."""
        ds = catalog.get(self.indicator.datasets[0])
        precision = _PRECISION[self.indicator.cadence]
        as_of = self.period
        if precision == "time" and not text.missing(as_of):
            as_of = pd.Timestamp(as_of).to_pydatetime()
        elif not text.missing(as_of):
            as_of = pd.Timestamp(as_of).date()
        now = None
        if self.as_of < text.today_kst():
            now = dt.datetime.combine(self.as_of, dt.time(23, 59), freshness.KST)
        snapshot = ds.source.kind == "openapi" or self.indicator.cadence in ("hourly", "snapshot")
        return freshness.assess(None if text.missing(as_of) else as_of, ds.update_every, now,
                                precision=precision, snapshot=snapshot)

    @property
    def age_text(self) -> str:
        """'Latest published 31 Dec 2022 · 3 years 11 months ago' — label, exact date, age."""
        f = self.age
        label = f.label(self.lang)
        return f"{label[:1].upper()}{label[1:]} {self.period_text} · {f.words(self.lang)}"

    def value_text(self, value=None, *, with_unit: bool = True) -> str:
        return value_text(self.indicator, self.value if value is None else value, self.lang, with_unit=with_unit)

    @property
    def number_text(self) -> str:
        return text.number(self.value, self.indicator.decimals, sign=self.indicator.sign)

    @property
    def unit_text(self) -> str:
        return self.indicator.unit(self.lang)

    @property
    def period_text(self) -> str:
        return text.period(self.period, self.indicator.cadence, self.lang)

    @property
    def prev_period_text(self) -> str:
        return text.period(self.prev_period, self.indicator.cadence, self.lang)

    @property
    def direction(self) -> str:
        """'up', 'down' or 'same' (rounded at the display precision)."""
        if text.missing(self.change) or round(abs(self.change), self.indicator.decimals) == 0:
            return "same"
        return "up" if self.change > 0 else "down"

    @property
    def verdict(self) -> str | None:
        """'better' / 'worse' when the indicator says which direction is good news."""
        if self.direction == "same" or not self.indicator.better:
            return None
        good = (self.direction == "down") == (self.indicator.better == "lower")
        return "better" if good else "worse"

    @property
    def comparison_text(self) -> str:
        """'▲ 4.1 µg/m³ (+14%) vs previous 30-day mean' — arrow, words and numbers."""
        ind, lang = self.indicator, self.lang
        if text.missing(self.change):
            return text.msg("no_comparison", lang)
        if ind.trailing_days:
            ref = text.msg("ref_trailing_short", lang, n=ind.trailing_days)
        else:
            ref = text.msg("ref_period_short", lang, period=self.prev_period_text)
        arrow = {"up": "▲", "down": "▼", "same": "="}[self.direction]
        pct = f" ({text.number(self.change_pct, 1, sign=True)}%)" if not text.missing(self.change_pct) and ind.unit.en != "%" else ""
        verdict = f" · {text.msg(self.verdict, lang)}" if self.verdict else ""
        return f"{arrow} {delta_text(ind, self.change, lang, sign=True)}{pct} {ref}{verdict}"

    @property
    def takeaway(self) -> str:
        """One sentence computed from the data."""
        ind, lang = self.indicator, self.lang
        if not self.ok:
            return text.msg("no_data", lang)
        subject = ind.subject(lang)
        if self.gu:
            subject = f"{self.place} {subject}" if lang == "ko" else f"{subject} ({self.place})"
        judge = self.judgement.phrase if self.judgement is not None else ""
        value = self.value_text()
        period = text.period_phrase(self.period, ind.cadence, lang)
        # Korean joins the next clause with a particle that depends on the last syllable
        # (으로/로); English needs none, so both templates take the same placeholders.
        judge_ro = judge + text.ro(judge or value) if lang == "ko" else judge
        values = dict(period=period, subject=subject, value=value, judge=judge, judge_ro=judge_ro)
        if text.missing(self.change):
            sentence = text.msg("takeaway_plain", lang, **values)
        else:
            prev = self.value_text(self.prev_value)
            if ind.trailing_days:
                ref = text.msg("ref_trailing", lang, n=ind.trailing_days, value=prev)
                ref_plain = text.msg("ref_trailing_plain", lang, n=ind.trailing_days, value=prev)
            else:
                ref = text.msg("ref_period", lang, period=self.prev_period_text, value=prev)
                ref_plain = text.msg("ref_period_plain", lang, period=self.prev_period_text, value=prev)
            if self.direction == "same":
                sentence = text.msg("takeaway_same", lang, ref_plain=ref_plain, **values)
            else:
                word = {("up", True): "more", ("down", True): "fewer", ("up", False): "higher",
                        ("down", False): "lower"}[(self.direction, ind.is_count)]
                delta = delta_text(ind, abs(self.change), lang)
                if not text.missing(self.change_pct) and ind.unit.en != "%":
                    delta += f" ({text.number(abs(self.change_pct), 1)}%)"
                sentence = text.msg("takeaway_cmp", lang, ref=ref, delta=delta,
                                    direction=text.msg(word, lang), **values)
        return sentence[0].upper() + sentence[1:]

    def key_numbers(self) -> list[tuple[str, str]]:
        """(label, value) rows for the slide, the handout table and the embed."""
        ind, lang = self.indicator, self.lang
        rows = [(text.msg("period", lang), self.period_text), (ind.short(lang), self.value_text())]
        if self.judgement is not None:
            rows.append((text.msg("grade", lang), self.judgement.label))
        if not text.missing(self.prev_value):
            if ind.trailing_days:
                rows.append((text.msg("ref_trailing_short", lang, n=ind.trailing_days), self.value_text(self.prev_value)))
            else:
                rows.append((self.prev_period_text, self.value_text(self.prev_value)))
            rows.append((text.msg("change", lang), self.comparison_text))
        for detail in ind.details:
            if detail.column in self.row:
                rows.append((detail.label(lang), text.number(self.row[detail.column], detail.decimals)))
        return rows


def value_text(ind: Indicator, value, lang: str, *, with_unit: bool = True) -> str:
    number = text.number(value, ind.decimals, sign=ind.sign)
    unit = ind.unit(lang)
    if not with_unit or not unit or number == "–":
        return number
    if unit == "%":
        return f"{number}%"
    return f"{number}{unit}" if lang == "ko" and ind.is_count else f"{number} {unit}"


def delta_text(ind: Indicator, change, lang: str, *, sign: bool = False) -> str:
    number = text.number(change, ind.decimals, sign=sign)
    if ind.unit.en == "%":
        one = round(abs(float(change)), ind.decimals) == 1
        return f"{number}%p" if lang == "ko" else f"{number} percentage point{'' if one else 's'}"
    if ind.is_count:
        return f"{number}{ind.unit(lang)}" if lang == "ko" else number
    return f"{number} {ind.unit(lang)}"


def _judge(ind: Indicator, value, period, lang: str) -> Judgement | None:
    if text.missing(value):
        return None
    on = pd.Timestamp(period).date()
    if ind.grade:
        grade = air_grades.grade(ind.grade, float(value), on)
        label = air_grades.grade_label(grade, lang)
        return Judgement(label, air_grades.grade_colour(grade), "grade", text.msg("grade_judge", lang, grade=label))
    if ind.standard:
        korea = air_grades.KOREA_STANDARD[ind.standard]["annual"]
        if ind.standard == "pm25" and on < air_grades.PM25_BANDS_CHANGED:
            korea = air_grades.KOREA_PM25_STANDARD_BEFORE_2018_03_27["annual"]
        who = air_grades.WHO_2021[ind.standard]["annual"]
        unit = air_grades.UNITS[ind.standard]
        values = dict(korea=f"{korea:g} {unit}", who=f"{who:g} {unit}")
        level = "above" if value > korea else "within" if value > who else "who"
        return Judgement(text.msg(f"standard_{level}", lang, **values), STANDARD_COLOURS[level], "standard",
                         text.msg(f"standard_{level}_s", lang, **values))
    return None


def _previous(ind: Indicator, series: pd.DataFrame) -> tuple[object, float | None]:
    current = series["period"].iloc[-1]
    if ind.trailing_days:
        start = pd.Timestamp(current) - pd.Timedelta(days=ind.trailing_days)
        window = series[(pd.to_datetime(series["period"]) >= start) & (series["period"] < current)]
        return (start.date() if not window.empty else None), (float(window["value"].mean()) if not window.empty else None)
    if ind.compare == "year_ago":
        target = pd.Timestamp(current) - pd.DateOffset(years=1)
        match = series[pd.to_datetime(series["period"]) == target]
        return (target.date(), float(match["value"].iloc[0])) if not match.empty and not text.missing(match["value"].iloc[0]) else (None, None)
    if len(series) < 2:
        return None, None
    return series["period"].iloc[-2], float(series["value"].iloc[-2])


def _as_value(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The frame with the indicator's column named `value` (another `value` column steps aside)."""
    if column == "value":
        return frame.copy()
    return frame.drop(columns=["value"], errors="ignore").rename(columns={column: "value"})


def _params_for(query_name: str, values: dict) -> dict:
    """Only the parameters a query declares (map queries take period and/or as_of)."""
    declared = {p.name for p in queries.get(query_name).params}
    return {k: v for k, v in values.items() if k in declared}


def district_names(run: Runner) -> dict[str, str]:
    frame = run("indicators/districts", {}).frame
    return dict(zip(frame["gu"], frame["gu_en"]))


def resolve_gu(raw: str, names: dict[str, str]) -> str | None:
    """Korean or English district name → Korean name; None when it is not a district."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if raw in names:
        return raw
    by_en = {en.lower(): ko for ko, en in names.items()}
    return by_en.get(raw.lower()) or by_en.get(f"{raw.lower()}-gu")


def evaluate(ind: Indicator, run: Runner, *, as_of: dt.date | None = None, gu: str = "", lang: str = "ko",
             today: dt.date | None = None, with_map: bool = True) -> Reading:
    today = today or text.today_kst()
    reading = Reading(ind, lang, as_of or today)
    if as_of is not None and as_of > today:
        reading.notices.append(text.msg("notice_future", lang, date=text.date(as_of, lang)))
        reading.as_of = today
    params = ind.series.fixed()
    if gu:
        names = district_names(run)
        resolved = resolve_gu(gu, names)
        if resolved is None:
            reading.notices.append(text.msg("notice_bad_gu", lang, gu=gu[:40]))
        elif not ind.districts:
            reading.notices.append(text.msg("notice_no_gu", lang))
        else:
            reading.gu = resolved
            reading.gu_label = resolved if lang == "ko" else names.get(resolved, resolved)
            params["gu"] = resolved
    result = run(ind.series.query, {**params, "as_of": reading.as_of})
    frame = result.frame
    if frame.empty:
        everything = run(ind.series.query, params)
        if everything.frame.empty:
            return reading
        # Nearest sensible view: the earliest figure there is.
        frame = everything.frame.iloc[:1]
        result = everything
        reading.notices.append(text.msg("notice_before", lang, date=text.date(reading.as_of, lang),
                                        first=text.period(frame["period"].iloc[0], ind.cadence, lang)))
    series = _as_value(frame, ind.series.value)
    series = series[series["value"].notna()].reset_index(drop=True)
    reading.series_result = result
    if series.empty:
        return reading
    last = series.iloc[-1]
    reading.row = last.to_dict()
    reading.period, reading.value = last["period"], float(last["value"])
    reading.prev_period, reading.prev_value = _previous(ind, series)
    if not text.missing(reading.prev_value):
        reading.change = reading.value - reading.prev_value
        reading.change_pct = 100 * reading.change / reading.prev_value if reading.prev_value else None
    reading.judgement = _judge(ind, reading.value, reading.period, lang)
    reading.series = series.tail(ind.chart_window).reset_index(drop=True)
    if with_map and ind.map is not None and not reading.gu:
        period = pd.Timestamp(reading.period).date()
        map_params = _params_for(ind.map.query, {**ind.map.fixed(), "period": period, "as_of": reading.as_of})
        reading.map_result = run(ind.map.query, map_params)
        reading.map_frame = _as_value(reading.map_result.frame, ind.map.value)
    return reading

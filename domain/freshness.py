"""How old a number is, in words a citizen reads at a glance, judged against its cadence.

`assess(as_of, update_every, now)` says whether data is fresh, late or an archive for a
dataset updated every `update_every` (a timedelta; None for one-off publications, which
are always archives labelled by their publication date), and how long ago it was:
"4 days ago" / "4일 전", "3 years 11 months ago" / "3년 11개월 전", "just now" / "방금".

An as-of that names a period ("2023", "2025-04", or a month-start date of monthly data)
counts from the period's last day: data "as of 2022" is the 2022 figure, three years old
at the end of 2025. Times without a zone are Korea Standard Time.

The words live here rather than in i18n/*.toml because they are grammar (plural forms,
two units, Korean counters), not sentences; callers still choose the language.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

KST = dt.timezone(dt.timedelta(hours=9), "KST")

FRESH, LATE, ARCHIVE, UNKNOWN = "fresh", "late", "archive", "unknown"
PRECISIONS = ("year", "month", "day", "time")

# A time stamp slightly ahead of the clock is clock skew, not a data error.
_CLOCK_SKEW = dt.timedelta(minutes=10)
_DAY = dt.timedelta(days=1)

_UNIT_WORDS = {
    "en": {"minute": ("minute", "minutes"), "hour": ("hour", "hours"), "day": ("day", "days"),
           "month": ("month", "months"), "year": ("year", "years")},
    "ko": {"minute": "분", "hour": "시간", "day": "일", "month": "개월", "year": "년"},
}
_WORDS = {
    "just_now": {"en": "just now", "ko": "방금"},
    "today": {"en": "today", "ko": "오늘"},
    "this_month": {"en": "this month", "ko": "이번 달"},
    "this_year": {"en": "this year", "ko": "올해"},
    "within_a_day": {"en": "less than a day ago", "ko": "24시간 이내"},
    "within_a_minute": {"en": "less than a minute ago", "ko": "1분 이내"},
    "unknown": {"en": "date unknown", "ko": "기준 시점 미상"},
    "future": {"en": "dated in the future", "ko": "미래 날짜"},
    "ago": {"en": "{} ago", "ko": "{} 전"},
}
# The label in front of the date. "live"/"실시간" only ever for fresh data.
LABELS = {
    "live": {"en": "live", "ko": "실시간"},
    "latest": {"en": "latest published", "ko": "최근 공개"},
    "snapshot": {"en": "last snapshot", "ko": "마지막 스냅숏"},
    "published": {"en": "published", "ko": "공개 시점"},
    "unknown": {"en": "date unknown", "ko": "기준 시점 미상"},
}
STATE_WORDS = {
    FRESH: {"en": "Up to date", "ko": "최신"},
    LATE: {"en": "Delayed", "ko": "지연"},
    ARCHIVE: {"en": "Archive", "ko": "과거 자료"},
    UNKNOWN: {"en": "Date unknown", "ko": "시점 미상"},
}


@dataclass(frozen=True)
class Age:
    """Elapsed time split the way a calendar counts it (whole months, then days)."""
    years: int = 0
    months: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0
    total: dt.timedelta = dt.timedelta(0)


@dataclass(frozen=True)
class Freshness:
    state: str                # fresh | late | archive | unknown
    label_key: str            # live | latest | snapshot | published | unknown (see LABELS)
    age: Age | None           # None when the as-of is missing or in the future
    precision: str = "day"    # year | month | day | time: how exact the as-of is
    future: bool = False

    @property
    def is_fresh(self) -> bool:
        """Only fresh data may be called "now", "today", "live", "실시간", "지금"."""
        return self.state == FRESH

    def label(self, lang: str) -> str:
        return LABELS[self.label_key][_lang(lang)]

    def state_word(self, lang: str) -> str:
        return STATE_WORDS[self.state][_lang(lang)]

    def words(self, lang: str) -> str:
        """'3 years 11 months ago' / '3년 11개월 전', 'just now' / '방금'."""
        lang = _lang(lang)
        if self.future:
            return _WORDS["future"][lang]
        if self.age is None:
            return _WORDS["unknown"][lang]
        return _age_words(self.age, self.precision, lang, self.is_fresh)


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "ko"


# --- calendar arithmetic ----------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def calendar_age(start: dt.date, end: dt.date) -> tuple[int, int, int]:
    """(years, months, days) from `start` to `end` (end ≥ start): the most whole months
    that fit, then the days left over."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    days = (end - add_months(start, months)).days
    return months // 12, months % 12, days


# --- parsing ------------------------------------------------------------------------------

def parse_as_of(value, precision: str | None = None) -> tuple[dt.date | dt.datetime | None, str]:
    """(the as-of, its precision) from '2023', '2025-04', '2022-12-31', an ISO time stamp,
    a date or a datetime. `precision` overrides what the value suggests (a month-start
    date of monthly data is a month). Naive times are KST."""
    if value is None or value == "" or value != value:  # value != value: NaN/NaT
        return None, precision or "day"
    if isinstance(value, dt.datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=KST)
        return (stamp, precision or "time") if precision in (None, "time") else (stamp.astimezone(KST).date(), precision)
    if isinstance(value, dt.date):
        return value, precision or "day"
    text = str(value).strip()
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 1, 1), precision or "year"
    if len(text) == 7:
        return dt.date.fromisoformat(text + "-01"), precision or "month"
    if len(text) == 10:
        return dt.date.fromisoformat(text), precision or "day"
    return parse_as_of(dt.datetime.fromisoformat(text.replace("Z", "+00:00")), precision)


def _period_end(start: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(start.year, 12, 31)
    if precision == "month":
        return dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


# --- judging ------------------------------------------------------------------------------

def limits(update_every: dt.timedelta) -> tuple[dt.timedelta, dt.timedelta]:
    """(fresh up to, late up to) for a cadence; older than the second is an archive.

    Fresh allows for publication lag: three intervals for real-time feeds (5 minutes →
    15 minutes, hourly → 3 hours), two for daily to monthly data (yesterday's daily file
    is fresh, last month's monthly file too), one and a half for yearly data. Late lasts
    two days for real-time feeds, 30 intervals for daily data and at least a year for
    monthly or slower data; after that it is an archive."""
    if update_every < _DAY:
        return update_every * 3, dt.timedelta(days=2)
    if update_every < dt.timedelta(days=365):
        fresh = update_every * 2
    else:
        fresh = update_every * 1.5
    if update_every < dt.timedelta(days=28):
        return fresh, update_every * 30
    return fresh, max(dt.timedelta(days=365), update_every * 3)


def assess(as_of, update_every: dt.timedelta | None, now: dt.datetime | None = None, *,
           precision: str | None = None, snapshot: bool | None = None) -> Freshness:
    """Judge `as_of` for a dataset updated every `update_every` (None: one-off).

    `now` defaults to the current time in KST (tests pass one). `snapshot` says the data
    is a capture of a real-time feed ("last snapshot" when not fresh); by default feeds
    updated more often than daily are."""
    now = now or dt.datetime.now(KST)
    if now.tzinfo is None:
        now = now.replace(tzinfo=KST)
    snapshot = (update_every is not None and update_every < _DAY) if snapshot is None else snapshot
    stamp, precision = parse_as_of(as_of, precision)
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    if stamp is None:
        return Freshness(UNKNOWN, "unknown", None, precision)

    if isinstance(stamp, dt.datetime):
        elapsed = now - stamp
        if elapsed < -_CLOCK_SKEW:
            return Freshness(UNKNOWN, "unknown", None, precision, future=True)
        elapsed = max(elapsed, dt.timedelta(0))
        if elapsed < 2 * _DAY:
            minutes, seconds = divmod(int(elapsed.total_seconds()), 60)
            hours, minutes = divmod(minutes, 60)
            age = Age(hours=hours, minutes=minutes, seconds=seconds, total=elapsed)
        else:
            years, months, days = calendar_age(stamp.astimezone(KST).date(), now.astimezone(KST).date())
            age = Age(years, months, days, total=elapsed)
    else:
        today = now.astimezone(KST).date()
        if stamp > today:  # a period that has not started yet
            return Freshness(UNKNOWN, "unknown", None, precision, future=True)
        end = min(_period_end(stamp, precision), today)  # the current month counts as age 0
        years, months, days = calendar_age(end, today)
        age = Age(years, months, days, total=dt.timedelta(days=(today - end).days))

    if update_every is None:
        return Freshness(ARCHIVE, "published", age, precision)
    fresh_until, late_until = limits(update_every)
    state = FRESH if age.total <= fresh_until else LATE if age.total <= late_until else ARCHIVE
    if state == FRESH:
        label = "live" if snapshot else "latest"
    else:
        label = "snapshot" if snapshot else "latest"
    return Freshness(state, label, age, precision)


# --- words --------------------------------------------------------------------------------

def _count(n: int, unit: str, lang: str) -> str:
    if lang == "ko":
        return f"{n:,}{_UNIT_WORDS['ko'][unit]}"
    singular, plural = _UNIT_WORDS["en"][unit]
    return f"{n:,} {singular if n == 1 else plural}"


def _age_words(age: Age, precision: str, lang: str, fresh: bool) -> str:
    ago = _WORDS["ago"][lang]
    if age.years:
        parts = [_count(age.years, "year", lang)] + ([_count(age.months, "month", lang)] if age.months else [])
        return ago.format(" ".join(parts))
    if age.months:
        return ago.format(_count(age.months, "month", lang))
    if age.days:
        return ago.format(_count(age.days, "day", lang))
    if precision != "time":
        # Age 0 at day/month/year precision: "today" is a now-word, kept for fresh data.
        if not fresh:
            return _WORDS["within_a_day"][lang]
        return _WORDS[{"day": "today", "month": "this_month", "year": "this_year"}[precision]][lang]
    if age.hours:
        return ago.format(_count(age.hours, "hour", lang))
    if age.minutes:
        return ago.format(_count(age.minutes, "minute", lang))
    return _WORDS["just_now" if fresh else "within_a_minute"][lang]

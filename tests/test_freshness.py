"""The age of every number: calendar arithmetic, cadence judgement and the words."""
from __future__ import annotations

import datetime as dt

import pytest

from domain import freshness as fr
from domain.freshness import ARCHIVE, FRESH, KST, LATE, UNKNOWN, assess

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=KST)
MINUTE, HOUR, DAY = dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1)
MONTH, YEAR = dt.timedelta(days=30), dt.timedelta(days=365)


def words(as_of, every=DAY, now=NOW, **kw) -> tuple[str, str]:
    f = assess(as_of, every, now, **kw)
    return f.words("en"), f.words("ko")


# --- month arithmetic ---------------------------------------------------------------------

@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),   # leap February
    (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
    (dt.date(2022, 12, 31), 47, dt.date(2026, 11, 30)),
    (dt.date(2025, 3, 15), -3, dt.date(2024, 12, 15)),
])
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert fr.add_months(day, months) == expected


@pytest.mark.parametrize("start, end, expected", [
    (dt.date(2022, 12, 31), dt.date(2026, 11, 30), (3, 11, 0)),
    (dt.date(2024, 2, 29), dt.date(2025, 2, 28), (1, 0, 0)),    # a leap day's anniversary
    (dt.date(2024, 2, 29), dt.date(2025, 2, 27), (0, 11, 29)),
    (dt.date(2024, 1, 31), dt.date(2024, 2, 28), (0, 0, 28)),   # not yet a whole month
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29), (0, 1, 0)),
    (dt.date(2025, 5, 10), dt.date(2025, 5, 10), (0, 0, 0)),
    (dt.date(2023, 3, 1), dt.date(2026, 2, 28), (2, 11, 27)),
])
def test_calendar_age(start, end, expected):
    assert fr.calendar_age(start, end) == expected


# --- words --------------------------------------------------------------------------------

def test_the_air_value_from_the_last_day_of_2022_is_an_archive_of_3_years_11_months():
    f = assess("2022-12-31", DAY, NOW)
    assert (f.state, f.words("en"), f.words("ko")) == (ARCHIVE, "3 years 11 months ago", "3년 11개월 전")
    assert (f.label("en"), f.label("ko")) == ("latest published", "최근 공개")
    assert not f.is_fresh


@pytest.mark.parametrize("as_of, every, en, ko", [
    ("2026-11-26", DAY, "4 days ago", "4일 전"),
    ("2026-11-29", DAY, "1 day ago", "1일 전"),
    ("2026-11-30", DAY, "today", "오늘"),
    ("2026-11-30T08:59:30", 5 * MINUTE, "just now", "방금"),
    ("2026-11-30T08:57:00", 5 * MINUTE, "3 minutes ago", "3분 전"),
    ("2026-11-30T08:59:00", 5 * MINUTE, "1 minute ago", "1분 전"),
    ("2026-11-30T07:00:00", HOUR, "2 hours ago", "2시간 전"),
    ("2026-11-29T03:00:00", HOUR, "30 hours ago", "30시간 전"),
    ("2026-09-09T11:09:00", 5 * MINUTE, "2 months ago", "2개월 전"),
    ("2025-11-30", DAY, "1 year ago", "1년 전"),
    ("2015", None, "10 years 11 months ago", "10년 11개월 전"),
    ("2026-10", MONTH, "1 month ago", "1개월 전"),
    ("2026-11", MONTH, "this month", "이번 달"),
    ("2026", YEAR, "this year", "올해"),
])
def test_age_in_words(as_of, every, en, ko):
    assert words(as_of, every) == (en, ko)


def test_now_words_only_for_fresh_data():
    # A one-off published today is an archive: no "today"/"just now" for it.
    assert words("2026-11-30", None) == ("less than a day ago", "24시간 이내")
    assert words("2026-11-30T08:59:40", None) == ("less than a minute ago", "1분 이내")
    late = assess("2026-11-30T06:00:00", 5 * MINUTE, NOW)
    assert late.state == LATE and late.label("en") == "last snapshot" and late.label("ko") == "마지막 스냅숏"
    assert late.words("ko") == "3시간 전"
    for f in (late, assess("2022-12-31", DAY, NOW), assess("2023", None, NOW)):
        for lang in ("en", "ko"):
            text = f"{f.label(lang)} {f.words(lang)}".lower()
            assert not any(w in text for w in ("now", "today", "live", "실시간", "지금", "오늘", "방금")), text


def test_live_label_only_when_a_real_time_feed_is_fresh():
    fresh = assess("2026-11-30T08:57:00", 5 * MINUTE, NOW)
    assert fresh.state == FRESH and fresh.is_fresh and (fresh.label("en"), fresh.label("ko")) == ("live", "실시간")
    # A fresh daily file is the latest publication, not "live".
    assert assess("2026-11-29", DAY, NOW).label("en") == "latest published"
    # A real-time feed captured weeks ago is its last snapshot, an archive.
    old = assess("2026-09-09T11:09:00", 5 * MINUTE, NOW)
    assert (old.state, old.label("en")) == (ARCHIVE, "last snapshot")


# --- cadence ------------------------------------------------------------------------------

@pytest.mark.parametrize("as_of, every, state", [
    ("2026-11-30T08:46:00", 5 * MINUTE, FRESH),     # 14 min: within three intervals
    ("2026-11-30T08:40:00", 5 * MINUTE, LATE),
    ("2026-11-28T10:00:00", 5 * MINUTE, LATE),      # under two days
    ("2026-11-28T08:00:00", 5 * MINUTE, ARCHIVE),
    ("2026-11-30T06:00:00", HOUR, FRESH),
    ("2026-11-30T05:00:00", HOUR, LATE),
    ("2026-11-28", DAY, FRESH),                    # publication lag of two days
    ("2026-11-27", DAY, LATE),
    ("2026-10-31", DAY, LATE),                     # 30 days
    ("2026-10-30", DAY, ARCHIVE),
    ("2026-10", MONTH, FRESH),                     # last month's monthly figure
    ("2026-09", MONTH, LATE),                      # 61 days past its month
    ("2026-08", MONTH, LATE),
    ("2025-12", MONTH, LATE),
    ("2025-11", MONTH, LATE),                      # exactly a year past its month
    ("2025-10", MONTH, ARCHIVE),
    ("2025", YEAR, FRESH),
    ("2024", YEAR, LATE),                          # 1 year 11 months past its end
    ("2022", YEAR, ARCHIVE),
    ("2026-11-30", None, ARCHIVE),                 # one-off: always an archive
])
def test_state_relative_to_the_cadence(as_of, every, state):
    assert assess(as_of, every, NOW).state == state


def test_one_off_data_is_labelled_by_its_publication():
    f = assess("2025-04", None, NOW)
    assert (f.state, f.label("en"), f.label("ko"), f.words("en")) == (ARCHIVE, "published", "공개 시점", "1 year 7 months ago")


def test_period_as_of_counts_from_the_end_of_the_period():
    # Monthly data stored as its month-start date is a month, not a day.
    assert words("2025-12-01", MONTH, precision="month")[0] == "11 months ago"
    assert words("2026-11-01", MONTH, precision="month")[0] == "this month"
    assert words("2026-11-01", MONTH)[0] == "29 days ago"  # the same value read as a day
    assert words("2023", YEAR)[0] == "2 years 11 months ago"


# --- edge cases -----------------------------------------------------------------------------

@pytest.mark.parametrize("missing", [None, "", float("nan")])
def test_missing_as_of_is_unknown(missing):
    f = assess(missing, DAY, NOW)
    assert (f.state, f.age, f.words("en"), f.words("ko"), f.label("en")) == (UNKNOWN, None, "date unknown", "기준 시점 미상", "date unknown")


def test_future_dates_are_flagged_not_called_fresh():
    for as_of in ("2026-12-01", "2027", "2026-12", "2026-11-30T12:00:00"):
        f = assess(as_of, DAY, NOW)
        assert f.state == UNKNOWN and f.future and f.words("en") == "dated in the future", as_of
    # A few minutes ahead is clock skew: just now.
    assert words("2026-11-30T09:05:00", 5 * MINUTE) == ("just now", "방금")


def test_leap_years():
    feb29 = dt.datetime(2028, 2, 29, 12, tzinfo=KST)
    assert words("2027-02-28", DAY, feb29)[0] == "1 year ago"
    assert words("2024-02-29", YEAR, dt.datetime(2028, 2, 28, tzinfo=KST))[0] == "3 years 11 months ago"
    assert words("2024-02-29", YEAR, feb29)[0] == "4 years ago"
    assert words("2024-02", MONTH, dt.datetime(2024, 3, 29, tzinfo=KST))[0] == "1 month ago"


def test_times_are_korean_time_and_zones_are_respected():
    # 23:30 UTC on 29 Nov is 08:30 KST on 30 Nov.
    assert words(dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.UTC), HOUR)[0] == "30 minutes ago"
    assert words("2026-11-29T23:30:00+00:00", HOUR)[0] == "30 minutes ago"
    assert words(dt.datetime(2026, 11, 30, 8, 30), HOUR)[0] == "30 minutes ago"  # naive = KST
    assert words(dt.date(2026, 11, 26))[0] == "4 days ago"
    # A naive "now" is KST too.
    assert words("2026-11-26", DAY, dt.datetime(2026, 11, 30, 1, 0))[0] == "4 days ago"


def test_large_numbers_and_singulars():
    assert words("1990", None)[0] == "35 years 11 months ago"
    assert words("2025-10-30", DAY)[0] == "1 year 1 month ago"
    assert words("2025-10-30", DAY)[1] == "1년 1개월 전"


def test_bad_precision_is_refused():
    with pytest.raises(ValueError):
        assess("2025", DAY, NOW, precision="week")


def test_every_catalog_cadence_has_ordered_limits():
    from data_sources import catalog
    for ds in catalog.load_catalog().values():
        if ds.update_every is not None:
            fresh, late = fr.limits(ds.update_every)
            assert ds.update_every < fresh < late, ds.id


# --- the page-side badge --------------------------------------------------------------------

@pytest.fixture
def page_lang():
    from dashboard import i18n
    yield i18n.set_lang
    i18n.set_lang("ko")


def test_badge_reads_the_warehouse_date_and_the_catalog_cadence(warehouse, page_lang):
    from dashboard import data
    from dashboard import freshness as badge
    from data_sources import catalog
    page_lang("en")
    for dataset_id in ("air_daily", "bike_live", "traffic_accidents", "bike_rental_profiles"):
        value = data.dataset_status().get(dataset_id, {}).get("data_as_of") or catalog.get(dataset_id).as_of
        assert value, dataset_id
        expected = badge.assess(dataset_id, as_of=value, now=NOW)
        assert badge.assess(dataset_id, now=NOW) == expected
        text = badge.age_text(dataset_id, now=NOW)
        assert text.endswith(expected.words("en")) and text.lower().startswith(expected.label("en")), text
        html = badge.badge_html(dataset_id, now=NOW)
        assert expected.state_word("en") in html and f"osd-age-{expected.state}" in html


def test_badge_text_in_both_languages(warehouse, page_lang):
    from dashboard import freshness as badge
    page_lang("en")
    assert badge.age_text("air_daily", as_of="2022-12-31", now=NOW) == "Latest published 31 Dec 2022 · 3 years 11 months ago"
    assert badge.age_text("bike_live", as_of="2026-09-09T11:09:00", now=NOW) == "Last snapshot 9 Sep 2026 11:09 KST · 2 months ago"
    assert badge.age_text("bike_rental_profiles", as_of="2025-04", now=NOW) == "Published Apr 2025 · 1 year 7 months ago"
    # Monthly data stored as a month-start date is that month.
    assert badge.age_text("traffic_accidents", as_of="2026-10-01", now=NOW) == "Latest published Oct 2026 · 1 month ago"
    html = badge.badge_html("bike_live", as_of="2026-11-30T08:57:00", now=NOW)
    assert "●" in html and "Up to date" in html and "Live 30 Nov 2026 08:57 KST · 3 minutes ago" in html
    page_lang("ko")
    assert badge.age_text("air_daily", as_of="2022-12-31", now=NOW) == "최근 공개 2022년 12월 31일 · 3년 11개월 전"
    assert badge.age_text("bike_live", as_of="2026-11-30T08:59:30", now=NOW) == "실시간 2026년 11월 30일 08:59 KST · 방금"
    html = badge.badge_html("air_daily", as_of="2022-12-31", now=NOW)
    assert "○" in html and "과거 자료" in html
    assert badge.age_text("air_daily", as_of="2026-12-02", now=NOW) == "2026년 12월 2일 · 미래 날짜"


def test_badge_without_a_date_says_so_once(warehouse, page_lang):
    from dashboard import freshness as badge
    page_lang("en")
    html = badge.badge_html("air_daily", as_of="", now=NOW)
    assert "Date unknown" in html and html.count("Date unknown") == 1

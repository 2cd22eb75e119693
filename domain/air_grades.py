"""Korean air-quality grades and the WHO 2021 guidelines.

Bands are the Korean Ministry of Environment's (AirKorea) 24-hour PM bands and 1-hour
gas bands (../shared/specs/seoul-open-api.md §6.3). The PM2.5 bands were tightened on
2018-03-27 (나쁨 from 51 to 36 µg/m³, 매우나쁨 from 101 to 76 µg/m³), so a day is graded
with the bands in force on that day.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

GRADES = ("좋음", "보통", "나쁨", "매우나쁨")
GRADE_EN = {"좋음": "Good", "보통": "Moderate", "나쁨": "Unhealthy", "매우나쁨": "Very unhealthy"}
# AirKorea's display colours for the four grades.
GRADE_COLOURS = {"좋음": "#32a1ff", "보통": "#00c73c", "나쁨": "#fd9b5a", "매우나쁨": "#ff5959"}
NO_DATA_COLOUR = "#c8c8c8"

PM25_BANDS_CHANGED = dt.date(2018, 3, 27)

# Upper bounds (inclusive) of 좋음, 보통, 나쁨; anything above is 매우나쁨.
_BANDS = {
    "pm10": (30, 80, 150),
    "pm25": (15, 35, 75),
    "o3": (0.030, 0.090, 0.150),
    "no2": (0.030, 0.060, 0.200),
    "co": (2.0, 9.0, 15.0),
    "so2": (0.020, 0.050, 0.150),
}
_PM25_BANDS_BEFORE_2018_03_27 = (15, 50, 100)

POLLUTANTS = ("pm25", "pm10", "o3", "no2", "co", "so2")
UNITS = {"pm25": "µg/m³", "pm10": "µg/m³", "o3": "ppm", "no2": "ppm", "co": "ppm", "so2": "ppm"}
LABELS = {
    "pm25": ("초미세먼지 (PM2.5)", "Fine dust (PM2.5)"),
    "pm10": ("미세먼지 (PM10)", "Dust (PM10)"),
    "o3": ("오존 (O₃)", "Ozone (O₃)"),
    "no2": ("이산화질소 (NO₂)", "Nitrogen dioxide (NO₂)"),
    "co": ("일산화탄소 (CO)", "Carbon monoxide (CO)"),
    "so2": ("아황산가스 (SO₂)", "Sulphur dioxide (SO₂)"),
}
# WHO global air quality guidelines 2021: 24-hour and annual levels. Gases converted
# from µg/m³ at 25 °C (NO2 25 µg/m³ ≈ 0.013 ppm, SO2 40 µg/m³ ≈ 0.015 ppm,
# CO 4 mg/m³ ≈ 3.5 ppm); O3 has an 8-hour guideline (100 µg/m³ ≈ 0.051 ppm).
WHO_2021 = {
    "pm25": {"24h": 15, "annual": 5},
    "pm10": {"24h": 45, "annual": 15},
    "no2": {"24h": 0.013, "annual": 0.0053},
    "so2": {"24h": 0.015},
    "co": {"24h": 3.5},
    "o3": {"8h": 0.051},
}
# Korean ambient air-quality standards (대기환경기준), 24-hour and annual.
KOREA_STANDARD = {
    "pm25": {"24h": 35, "annual": 15},
    "pm10": {"24h": 100, "annual": 50},
    "no2": {"24h": 0.06, "annual": 0.03},
    "so2": {"24h": 0.05, "annual": 0.02},
    "co": {"8h": 9},
    "o3": {"8h": 0.06},
}
# Before 2018-03-27 the Korean PM2.5 standard was 50 µg/m³ (24 h) and 25 µg/m³ (annual);
# it was tightened on the same day as the forecast bands.
KOREA_PM25_STANDARD_BEFORE_2018_03_27 = {"24h": 50, "annual": 25}


@dataclass(frozen=True)
class Band:
    grade: str
    lower: float
    upper: float | None


def bands(pollutant: str, on: dt.date | None = None) -> list[Band]:
    """The four grade bands for a pollutant as they applied on a date."""
    uppers = _BANDS[pollutant]
    if pollutant == "pm25" and on is not None and on < PM25_BANDS_CHANGED:
        uppers = _PM25_BANDS_BEFORE_2018_03_27
    lowers = (0, *uppers)
    return [Band(g, lo, hi) for g, lo, hi in zip(GRADES, lowers, (*uppers, None))]


def grade(pollutant: str, value: float | None, on: dt.date | None = None) -> str | None:
    """Korean grade for a value (None for missing values: no data is not 'good')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    for band in bands(pollutant, on):
        if band.upper is None or value <= band.upper:
            return band.grade
    return GRADES[-1]


def grade_colour(grade_name: str | None) -> str:
    return GRADE_COLOURS.get(grade_name or "", NO_DATA_COLOUR)


def grade_label(grade_name: str | None, lang: str) -> str:
    if not grade_name:
        return "자료 없음" if lang == "ko" else "No data"
    return grade_name if lang == "ko" else GRADE_EN[grade_name]


def pollutant_label(pollutant: str, lang: str) -> str:
    ko, en = LABELS[pollutant]
    return ko if lang == "ko" else en


# --- additions for the air page ------------------------------------------------------

# Short, language-neutral names for buttons and axis labels.
SHORT_LABELS = {"pm25": "PM2.5", "pm10": "PM10", "o3": "O₃", "no2": "NO₂", "co": "CO", "so2": "SO₂"}
# Display precision: PM is reported in whole µg/m³, gases in ppm to 3 decimals (CO to 1–2).
DECIMALS = {"pm25": 1, "pm10": 1, "o3": 3, "no2": 3, "co": 2, "so2": 3}
# Decimals of one station's published value (PM in whole µg/m³, CO to 0.1 ppm).
READING_DECIMALS = {"pm25": 0, "pm10": 0, "o3": 3, "no2": 3, "co": 1, "so2": 3}
# The smallest step of the published values, used to print band ranges ("16–35").
RESOLUTION = {"pm25": 1, "pm10": 1, "o3": 0.001, "no2": 0.001, "co": 0.01, "so2": 0.001}
# The averaging period each grade band was defined for: PM bands are 24-hour bands, the
# gas bands are 1-hour bands (a daily mean graded with them is a guide only).
BAND_AVERAGING = {"pm25": "24h", "pm10": "24h", "o3": "1h", "no2": "1h", "co": "1h", "so2": "1h"}


def limit_24h(pollutant: str, source: str, on: dt.date | None = None) -> float | None:
    """The 24-hour limit of `source` ('korea' or 'who') for a pollutant, as in force on
    `on` (today's if None), or None when that body sets no 24-hour value (O3 and Korean
    CO have 8-hour values only)."""
    if source == "korea" and pollutant == "pm25" and on is not None and on < PM25_BANDS_CHANGED:
        return KOREA_PM25_STANDARD_BEFORE_2018_03_27["24h"]
    table = KOREA_STANDARD if source == "korea" else WHO_2021
    return table.get(pollutant, {}).get("24h")

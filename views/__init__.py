"""The page registry: navigation, URL paths, and which datasets each page shows.

Adding a page = adding a module under views/ with a `render()` function and one entry
here. The shell (app.py) builds the navigation, the footer and the tests from this list.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str  # module name under views/ and the message key prefix
    url_path: str  # stable URL: /air, /bikes, … (links and tests rely on it)
    icon: str
    datasets: tuple[str, ...]  # shown in the footer with source, licence, attribution
    default: bool = False
    hidden: bool = False  # reachable by URL but not listed in the navigation (e.g. embeds)


PAGES: list[PageSpec] = [
    PageSpec("glance", "glance", ":material/dashboard:", (
        "air_daily", "air_realtime", "bike_live", "bike_station_lists", "bike_rental_profiles",
        "traffic_accidents", "bike_accidents", "gu_boundaries"), default=True),
    PageSpec("air", "air", ":material/air:", (
        "air_daily", "air_hourly_city", "air_pm25_berkeley", "air_realtime", "air_hourly_station", "gu_boundaries")),
    PageSpec("bikes", "bikes", ":material/pedal_bike:", (
        "bike_station_lists", "bike_station_info", "bike_live", "bike_rentals_monthly", "bike_rentals_gu_monthly",
        "bike_rider_mix", "bike_station_monthly", "bike_rentals_daily",
        "bike_station_totals", "bike_rental_profiles", "bike_hourly_weather", "bike_hourly_aivle", "bike_od_sample",
        "rental_history", "bike_lanes", "bike_road_network", "bike_accidents", "gu_boundaries")),
    PageSpec("traffic", "traffic", ":material/traffic:", (
        "expressway_volume", "expressway_hourly", "topis_link_speed", "topis_links", "topis_spot_volume", "topis_volinfo_blocks",
        "topis_trafficinfo_polls", "traffic_accidents", "bike_accidents", "traffic_speed_live", "citydata_road",
        "gu_boundaries")),
    PageSpec("dust_traffic", "dust-traffic", ":material/query_stats:", (
        "air_daily", "air_hourly_city", "expressway_volume")),
    PageSpec("desk", "desk", ":material/dataset:", ()),
    PageSpec("present", "present", ":material/slideshow:", ()),
    PageSpec("embed", "embed", ":material/code:", (), hidden=True),
]


def spec(key: str) -> PageSpec:
    for page in PAGES:
        if page.key == key:
            return page
    raise KeyError(key)


# "Add to briefing" on every chart panel (dashboard.kit's chart-action extension point).
from . import briefing_actions  # noqa: E402,F401

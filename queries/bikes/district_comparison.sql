-- title_en: District comparison: use, stations, lanes and accidents side by side
-- title_ko: 자치구 비교: 이용, 대여소, 자전거도로, 사고를 한 표에
-- datasets: gu_boundaries, bike_station_lists, bike_station_info, bike_station_totals, bike_station_monthly, bike_lanes, bike_accidents
-- description: area_km2: from the district boundary (gu_boundaries; computed at import, the file's SHAPE_AREA is in degrees).
-- description: stations, racks: latest list that publishes racks (June 2024), racks = QR if present, else LCD. lane_km: Smart Map 2023.
-- description: rentals_2024_25: whole-period totals Jan 2024 – Apr 2025, station number → district via the May 2025 station table.
-- description: rentals_2021: Feb–Jun 2021 by published station group. accidents: accidents hurting a cyclist (victim counts; at-fault counts overlap and are never added) in the latest year;
-- description: deaths_5y: cyclists killed in such accidents over the latest five years.
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: area_km2 DOUBLE
-- column: stations BIGINT
-- column: racks BIGINT
-- column: stations_per_km2 DOUBLE
-- column: lane_km DOUBLE
-- column: lane_km_per_km2 DOUBLE
-- column: rentals_2024_25 BIGINT
-- column: rentals_per_station_2024_25 DOUBLE
-- column: rentals_2021 BIGINT
-- column: accident_year INTEGER
-- column: accidents BIGINT
-- column: accidents_per_lane_km DOUBLE
-- column: accidents_per_100k_rentals_2021 DOUBLE
-- column: deaths_5y BIGINT
-- column: geometry_json VARCHAR
WITH st AS (
    SELECT gu, count(*) AS stations, sum(racks) AS racks FROM bike_stations
    WHERE list_date = (SELECT max(list_date) FROM bike_stations WHERE racks IS NOT NULL AND installed_on IS NOT NULL) GROUP BY gu
), lanes AS (
    SELECT gu, sum(length_km) AS lane_km FROM bike_lanes WHERE gu IS NOT NULL GROUP BY gu
), use_recent AS (
    SELECT i.gu, sum(t.rentals) AS rentals_2024_25, count(*) AS stations_with_rentals
    FROM bike_station_totals t JOIN bike_station_info i USING (station_no) GROUP BY i.gu
), use_2021 AS (
    SELECT station_group AS gu, sum(rentals) AS rentals_2021
    FROM bike_station_monthly WHERE source_period = '2021' GROUP BY 1
), acc_year AS (
    SELECT max(year) AS y FROM bike_accidents
), acc AS (
    SELECT gu, sum(accidents) AS accidents FROM int_bike_accidents WHERE year = (SELECT y FROM acc_year) GROUP BY gu
), acc21 AS (
    SELECT gu, sum(accidents) AS accidents_2021 FROM int_bike_accidents WHERE year = 2021 GROUP BY gu
), deaths AS (
    SELECT gu, sum(deaths) AS deaths_5y FROM int_bike_accidents WHERE year > (SELECT y FROM acc_year) - 5 GROUP BY gu
)
SELECT b.gu, b.gu_en, b.area_km2 AS area_km2,
       st.stations, st.racks, st.stations / nullif(b.area_km2, 0) AS stations_per_km2,
       lanes.lane_km, lanes.lane_km / nullif(b.area_km2, 0) AS lane_km_per_km2,
       use_recent.rentals_2024_25, use_recent.rentals_2024_25 / nullif(use_recent.stations_with_rentals, 0) AS rentals_per_station_2024_25,
       use_2021.rentals_2021,
       (SELECT y FROM acc_year) AS accident_year, acc.accidents,
       acc.accidents / nullif(lanes.lane_km, 0) AS accidents_per_lane_km,
       100000.0 * acc21.accidents_2021 / nullif(use_2021.rentals_2021, 0) AS accidents_per_100k_rentals_2021,
       deaths.deaths_5y,
       b.geometry_json
FROM gu_boundaries b
LEFT JOIN st USING (gu)
LEFT JOIN lanes USING (gu)
LEFT JOIN use_recent USING (gu)
LEFT JOIN use_2021 USING (gu)
LEFT JOIN acc USING (gu)
LEFT JOIN acc21 USING (gu)
LEFT JOIN deaths USING (gu)
ORDER BY b.gu

-- title_en: Bicycle accidents against exposure, by district
-- title_ko: 자치구별 자전거 교통사고와 이용 규모 대비 비율
-- datasets: bike_accidents, bike_lanes, bike_station_lists, bike_station_monthly, gu_boundaries
-- description: accidents = accidents hurting a cyclist in the chosen year (victim counts; at-fault counts overlap and are never added).
-- description: per_lane_km = accidents ÷ Smart Map lane km (2023 vintage); per_100_stations = accidents ÷ stations in the
-- description: latest list × 100; per_100k_rentals_2021 = 2021 accidents ÷ rentals recorded Feb–Jun 2021
-- description: × 100,000 (the only months with district rentals; a 5-month base, so compare districts, not years).
-- param: year INTEGER = 2023
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: year INTEGER
-- column: accidents BIGINT
-- column: lane_km DOUBLE
-- column: per_lane_km DOUBLE
-- column: stations BIGINT
-- column: per_100_stations DOUBLE
-- column: accidents_2021 BIGINT
-- column: rentals_2021_feb_jun BIGINT
-- column: per_100k_rentals_2021 DOUBLE
WITH acc AS (
    SELECT gu, sum(accidents) AS accidents FROM int_bike_accidents WHERE year = $year GROUP BY gu
), acc21 AS (
    SELECT gu, sum(accidents) AS accidents_2021 FROM int_bike_accidents WHERE year = 2021 GROUP BY gu
), lanes AS (
    SELECT gu, sum(length_km) AS lane_km FROM bike_lanes WHERE gu IS NOT NULL GROUP BY gu
), st AS (
    SELECT gu, count(*) AS stations FROM bike_stations
    WHERE list_date = (SELECT max(list_date) FROM bike_stations) GROUP BY gu
), rent AS (
    SELECT station_group AS gu, sum(rentals) AS rentals_2021_feb_jun
    FROM bike_station_monthly WHERE source_period = '2021' GROUP BY 1
)
SELECT b.gu, b.gu_en, $year AS year, acc.accidents, lanes.lane_km,
       acc.accidents / nullif(lanes.lane_km, 0) AS per_lane_km,
       st.stations, 100.0 * acc.accidents / nullif(st.stations, 0) AS per_100_stations,
       acc21.accidents_2021, rent.rentals_2021_feb_jun,
       100000.0 * acc21.accidents_2021 / nullif(rent.rentals_2021_feb_jun, 0) AS per_100k_rentals_2021
FROM gu_boundaries b
LEFT JOIN acc USING (gu)
LEFT JOIN acc21 USING (gu)
LEFT JOIN lanes USING (gu)
LEFT JOIN st USING (gu)
LEFT JOIN rent USING (gu)
ORDER BY per_lane_km DESC NULLS LAST

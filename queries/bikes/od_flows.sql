-- title_en: Origin–destination flows in the 2023 weekday SAMPLE (Gangseo/Magok area)
-- title_ko: 출발–도착 흐름 표본 (2023년 평일, 강서·마곡 일대)
-- datasets: bike_od_sample, bike_station_info
-- description: A SAMPLE of 2023 weekday trips centred on Gangseo/Magok, not a full month and not citywide.
-- description: Pairs listed under two author clusters are added together. Station names and districts come from the
-- description: May 2025 station table (ST-id). gu = '' for all pairs; otherwise pairs starting or ending in the district.
-- param: gu VARCHAR = ''
-- param: min_trips INTEGER = 1
-- column: origin_station_id VARCHAR
-- column: origin_name VARCHAR
-- column: origin_gu VARCHAR
-- column: dest_station_id VARCHAR
-- column: dest_name VARCHAR
-- column: dest_gu VARCHAR
-- column: trips BIGINT
-- column: round_trip BOOLEAN
-- column: origin_lat DOUBLE
-- column: origin_lon DOUBLE
-- column: dest_lat DOUBLE
-- column: dest_lon DOUBLE
WITH pairs AS (
    SELECT origin_station_id, dest_station_id, sum(trips) AS trips,
           any_value(origin_lat) AS origin_lat, any_value(origin_lon) AS origin_lon,
           any_value(dest_lat) AS dest_lat, any_value(dest_lon) AS dest_lon
    FROM bike_od_sample GROUP BY origin_station_id, dest_station_id
)
SELECT p.origin_station_id, o.station_label AS origin_name, o.gu AS origin_gu,
       p.dest_station_id, d.station_label AS dest_name, d.gu AS dest_gu, p.trips,
       p.origin_station_id = p.dest_station_id AS round_trip,
       p.origin_lat, p.origin_lon, p.dest_lat, p.dest_lon
FROM pairs p
LEFT JOIN bike_station_info o ON o.station_id = p.origin_station_id
LEFT JOIN bike_station_info d ON d.station_id = p.dest_station_id
WHERE p.trips >= $min_trips AND ($gu = '' OR o.gu = $gu OR d.gu = $gu)
ORDER BY p.trips DESC, p.origin_station_id, p.dest_station_id

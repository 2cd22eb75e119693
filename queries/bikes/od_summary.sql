-- title_en: What the origin–destination SAMPLE contains
-- title_ko: 출발–도착 표본의 구성
-- datasets: bike_od_sample, bike_station_info
-- description: Trips in the sample (exact repeated rows were dropped at import), pairs, round trips (same start and end)
-- description: and trips that stay inside one district.
-- column: trips BIGINT
-- column: pairs BIGINT
-- column: round_trips BIGINT
-- column: stations BIGINT
-- column: same_district_trips BIGINT
-- column: gangseo_trips BIGINT
WITH pairs AS (
    SELECT origin_station_id, dest_station_id, sum(trips) AS trips FROM bike_od_sample GROUP BY ALL
)
SELECT sum(p.trips) AS trips, count(*) AS pairs,
       coalesce(sum(p.trips) FILTER (WHERE origin_station_id = dest_station_id), 0) AS round_trips,
       (SELECT count(*) FROM (SELECT origin_station_id FROM bike_od_sample UNION SELECT dest_station_id FROM bike_od_sample)) AS stations,
       coalesce(sum(p.trips) FILTER (WHERE o.gu = d.gu), 0) AS same_district_trips,
       coalesce(sum(p.trips) FILTER (WHERE o.gu = '강서구' OR d.gu = '강서구'), 0) AS gangseo_trips
FROM pairs p
LEFT JOIN bike_station_info o ON o.station_id = p.origin_station_id
LEFT JOIN bike_station_info d ON d.station_id = p.dest_station_id

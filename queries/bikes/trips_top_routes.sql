-- title_en: Top routes (rental station → return station)
-- title_ko: 인기 이동 경로 (대여소 → 반납 대여소)
-- datasets: rental_history
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: limit INTEGER = 20      -- number of routes
-- column: rent_station_no INTEGER
-- column: rent_station_name VARCHAR
-- column: return_station_no INTEGER
-- column: return_station_name VARCHAR
-- column: trips BIGINT
-- column: avg_duration_min DOUBLE
-- column: avg_distance_m DOUBLE
-- Round trips (same station) are included: they are a large share of real trips.
SELECT rent_station_no,
       any_value(rent_station_name) AS rent_station_name,
       return_station_no,
       any_value(return_station_name) AS return_station_name,
       count(*) AS trips,
       avg(duration_min) AS avg_duration_min,
       avg(distance_m) AS avg_distance_m
FROM trips
WHERE rent_station_no IS NOT NULL AND return_station_no IS NOT NULL
  AND ($month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                       AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH))
GROUP BY rent_station_no, return_station_no
ORDER BY trips DESC, rent_station_no, return_station_no
LIMIT $limit

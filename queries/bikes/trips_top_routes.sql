-- title_en: Top routes (rental station → return station)
-- title_ko: 인기 이동 경로 (대여소 → 반납 대여소)
-- datasets: rental_history
-- description: The most frequent (rental station, return station) pairs. Round trips (same
-- description: station) are included: they are a large share of real trips. From the route
-- description: summaries made at import (trips_raw_top_routes reads every trip).
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: limit INTEGER = 20      -- number of routes
-- column: rent_station_no INTEGER
-- column: rent_station_name VARCHAR
-- column: return_station_no INTEGER
-- column: return_station_name VARCHAR
-- column: trips BIGINT
-- column: avg_duration_min DOUBLE
-- column: avg_distance_m DOUBLE
-- (every month: the full-history route table made at build; one month: its monthly summary.
--  Both hold one row per route, so this is a top-N scan, not a grouping.)
WITH top AS (
    SELECT rent_station_no, return_station_no, trips,
           duration_sum / nullif(duration_n, 0) AS avg_duration_min,
           distance_sum / nullif(distance_n, 0) AS avg_distance_m
    FROM trips_rollup_od_total WHERE $month = ''
    UNION ALL
    SELECT rent_station_no, return_station_no, trips,
           duration_sum / nullif(duration_n, 0), distance_sum / nullif(distance_n, 0)
    FROM trips_rollup_od WHERE $month <> '' AND month = TRY_CAST($month || '-01' AS DATE)
    ORDER BY trips DESC, rent_station_no, return_station_no
    LIMIT $limit
), names AS (  -- the name seen on the latest trip (ties: the greater name)
    SELECT station_no, max({'t': last_seen, 'n': name}).n AS name
    FROM trips_rollup_names
    WHERE ($month = '' OR month = TRY_CAST($month || '-01' AS DATE))
      AND station_no IN (SELECT rent_station_no FROM top UNION SELECT return_station_no FROM top)
    GROUP BY station_no
)
SELECT t.rent_station_no, a.name AS rent_station_name, t.return_station_no, b.name AS return_station_name,
       t.trips, t.avg_duration_min, t.avg_distance_m
FROM top t
LEFT JOIN names a ON a.station_no = t.rent_station_no
LEFT JOIN names b ON b.station_no = t.return_station_no
ORDER BY t.trips DESC, t.rent_station_no, t.return_station_no

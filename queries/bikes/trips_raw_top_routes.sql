-- title_en: Top routes (rental station → return station) (from every trip)
-- title_ko: 인기 이동 경로 (대여소 → 반납 대여소) (전체 이용 기록에서)
-- datasets: rental_history
-- description: Reads every trip (slower): the same answer as the summary-based twin without `raw_` in its name.
-- description: The most frequent (rental station, return station) pairs. Round trips (same
-- description: station) are included: they are a large share of real trips.
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: limit INTEGER = 20      -- number of routes
-- column: rent_station_no INTEGER
-- column: rent_station_name VARCHAR
-- column: return_station_no INTEGER
-- column: return_station_name VARCHAR
-- column: trips BIGINT
-- column: avg_duration_min DOUBLE
-- column: avg_distance_m DOUBLE
-- (counted on station numbers only; names are looked up for the few stations shown)
WITH f AS NOT MATERIALIZED (  -- a filter, not a copy: DuckDB would materialise a CTE used 3 times
    SELECT * FROM trips
    WHERE $month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                          AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH)
), top AS (
    SELECT rent_station_no, return_station_no, count(*) AS trips,
           avg(duration_min) AS avg_duration_min, avg(distance_m) AS avg_distance_m
    FROM f
    WHERE rent_station_no IS NOT NULL AND return_station_no IS NOT NULL
    GROUP BY rent_station_no, return_station_no
    ORDER BY trips DESC, rent_station_no, return_station_no
    LIMIT $limit
), shown AS (
    SELECT rent_station_no AS station_no FROM top UNION SELECT return_station_no FROM top
), names AS (  -- the name seen on the latest trip (ties: the greater name)
    SELECT station_no, max({'t': rent_at, 'n': name}).n AS name FROM (
        SELECT rent_station_no AS station_no, rent_station_name AS name, rent_at
        FROM f WHERE rent_at IS NOT NULL AND rent_station_name IS NOT NULL
               AND rent_station_no IN (SELECT station_no FROM shown)
        UNION ALL
        SELECT return_station_no, return_station_name, rent_at
        FROM f WHERE rent_at IS NOT NULL AND return_station_name IS NOT NULL
               AND return_station_no IN (SELECT station_no FROM shown)
    ) GROUP BY station_no
)
SELECT t.rent_station_no, a.name AS rent_station_name, t.return_station_no, b.name AS return_station_name,
       t.trips, t.avg_duration_min, t.avg_distance_m
FROM top t
LEFT JOIN names a ON a.station_no = t.rent_station_no
LEFT JOIN names b ON b.station_no = t.return_station_no
ORDER BY t.trips DESC, t.rent_station_no, t.return_station_no

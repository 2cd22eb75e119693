-- title_en: Station rentals, returns and imbalance (from every trip)
-- title_ko: 대여소별 대여·반납 건수와 불균형 (전체 이용 기록에서)
-- datasets: rental_history
-- description: Reads every trip (slower): the same answer as the summary-based twin without `raw_` in its name.
-- description: Trips that start (rentals) and end (returns) at each station; net = returns − rentals:
-- description: positive = bikes pile up, negative = the station empties. Most unbalanced first.
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: limit INTEGER = 20      -- number of stations, most unbalanced first
-- column: station_no INTEGER
-- column: station_name VARCHAR
-- column: rentals BIGINT         -- trips that started here
-- column: returns BIGINT         -- trips that ended here
-- column: net BIGINT             -- returns - rentals (> 0: bikes pile up; < 0: station empties)
-- column: imbalance DOUBLE       -- net / (rentals + returns), from -1 to 1
-- Why `names` repeats trips_raw_top_routes: the latest name is taken among the trips the month
-- filter kept, so it cannot be a warehouse-wide staging view without changing the answer.
WITH f AS NOT MATERIALIZED (  -- a filter, not a copy: DuckDB would materialise a CTE used 3 times
    SELECT * FROM trips
    WHERE $month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                          AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH)
), r AS (
    SELECT rent_station_no AS station_no, count(*) AS rentals FROM f WHERE rent_station_no IS NOT NULL GROUP BY 1
), b AS (
    SELECT return_station_no AS station_no, count(*) AS returns FROM f WHERE return_station_no IS NOT NULL GROUP BY 1
), bal AS (
    SELECT station_no, coalesce(rentals, 0) AS rentals, coalesce(returns, 0) AS returns
    FROM r FULL OUTER JOIN b USING (station_no)
    ORDER BY abs(coalesce(returns, 0) - coalesce(rentals, 0)) DESC, station_no
    LIMIT $limit
), names AS (  -- the name seen on the latest trip (ties: the greater name)
    SELECT station_no, max({'t': rent_at, 'n': name}).n AS name FROM (
        SELECT rent_station_no AS station_no, rent_station_name AS name, rent_at
        FROM f WHERE rent_at IS NOT NULL AND rent_station_name IS NOT NULL
               AND rent_station_no IN (SELECT station_no FROM bal)
        UNION ALL
        SELECT return_station_no, return_station_name, rent_at
        FROM f WHERE rent_at IS NOT NULL AND return_station_name IS NOT NULL
               AND return_station_no IN (SELECT station_no FROM bal)
    ) GROUP BY station_no
)
SELECT bal.station_no, names.name AS station_name, rentals, returns, returns - rentals AS net,
       (returns - rentals) / (rentals + returns) AS imbalance
FROM bal LEFT JOIN names USING (station_no)
ORDER BY abs(returns - rentals) DESC, bal.station_no

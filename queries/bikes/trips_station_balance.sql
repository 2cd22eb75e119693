-- title_en: Station rentals, returns and imbalance
-- title_ko: 대여소별 대여·반납 건수와 불균형
-- datasets: rental_history
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: limit INTEGER = 20      -- number of stations, most unbalanced first
-- column: station_no INTEGER
-- column: station_name VARCHAR
-- column: rentals BIGINT         -- trips that started here
-- column: returns BIGINT         -- trips that ended here
-- column: net BIGINT             -- returns - rentals (> 0: bikes pile up; < 0: station empties)
-- column: imbalance DOUBLE       -- net / (rentals + returns), from -1 to 1
WITH t AS (
    SELECT rent_station_no, rent_station_name, return_station_no, return_station_name
    FROM trips
    WHERE $month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                          AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH)
),
r AS (
    SELECT rent_station_no AS station_no, any_value(rent_station_name) AS station_name, count(*) AS rentals
    FROM t WHERE rent_station_no IS NOT NULL GROUP BY 1
),
b AS (
    SELECT return_station_no AS station_no, any_value(return_station_name) AS station_name, count(*) AS returns
    FROM t WHERE return_station_no IS NOT NULL GROUP BY 1
)
SELECT station_no,
       coalesce(r.station_name, b.station_name) AS station_name,
       coalesce(rentals, 0) AS rentals,
       coalesce(returns, 0) AS returns,
       coalesce(returns, 0) - coalesce(rentals, 0) AS net,
       (coalesce(returns, 0) - coalesce(rentals, 0)) / (coalesce(rentals, 0) + coalesce(returns, 0)) AS imbalance
FROM r FULL OUTER JOIN b USING (station_no)
ORDER BY abs(coalesce(returns, 0) - coalesce(rentals, 0)) DESC, station_no
LIMIT $limit

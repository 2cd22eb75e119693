-- title_en: Station rentals, returns and imbalance
-- title_ko: 대여소별 대여·반납 건수와 불균형
-- datasets: rental_history
-- description: Trips that start (rentals) and end (returns) at each station; net = returns − rentals:
-- description: positive = bikes pile up, negative = the station empties. Most unbalanced first.
-- description: From the station summary made at import (trips_raw_station_balance reads every trip).
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: limit INTEGER = 20      -- number of stations, most unbalanced first
-- column: station_no INTEGER
-- column: station_name VARCHAR
-- column: rentals BIGINT         -- trips that started here
-- column: returns BIGINT         -- trips that ended here
-- column: net BIGINT             -- returns - rentals (> 0: bikes pile up; < 0: station empties)
-- column: imbalance DOUBLE       -- net / (rentals + returns), from -1 to 1
WITH totals AS (
    SELECT station_no, CAST(sum(rentals) AS BIGINT) AS rentals, CAST(sum(returns) AS BIGINT) AS returns
    FROM trips_rollup_station
    WHERE $month = '' OR month = TRY_CAST($month || '-01' AS DATE)
    GROUP BY station_no
), bal AS (
    SELECT * FROM totals ORDER BY abs(returns - rentals) DESC, station_no LIMIT $limit
), names AS (  -- the name seen on the latest trip (ties: the greater name)
    SELECT station_no, max({'t': last_seen, 'n': name}).n AS name
    FROM trips_rollup_names
    WHERE ($month = '' OR month = TRY_CAST($month || '-01' AS DATE))
      AND station_no IN (SELECT station_no FROM bal)
    GROUP BY station_no
)
SELECT bal.station_no, names.name AS station_name, rentals, returns, returns - rentals AS net,
       (returns - rentals) / (rentals + returns) AS imbalance
FROM bal LEFT JOIN names USING (station_no)
ORDER BY abs(returns - rentals) DESC, bal.station_no

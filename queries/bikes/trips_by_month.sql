-- title_en: Trips by month
-- title_ko: 월별 이용 건수
-- datasets: rental_history
-- description: Trips per month of the rental time, with mean duration and distance, from the
-- description: hourly trip summary made at import (trips_raw_by_month reads every trip).
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- column: month VARCHAR          -- 'YYYY-MM' of the rental time
-- column: trips BIGINT
-- column: avg_duration_min DOUBLE
-- column: avg_distance_m DOUBLE
SELECT strftime(month, '%Y-%m') AS month, CAST(sum(trips) AS BIGINT) AS trips,
       sum(duration_sum) / nullif(sum(duration_n), 0) AS avg_duration_min,
       sum(distance_sum) / nullif(sum(distance_n), 0) AS avg_distance_m
FROM trips_rollup_hour
WHERE $month = '' OR month = TRY_CAST($month || '-01' AS DATE)
GROUP BY trips_rollup_hour.month
ORDER BY trips_rollup_hour.month

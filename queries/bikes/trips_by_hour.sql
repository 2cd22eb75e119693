-- title_en: Trips by hour of day
-- title_ko: 시간대별 이용 건수
-- datasets: rental_history
-- description: From the hourly trip summary made at import (trips_raw_by_hour reads every trip).
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- column: hour INTEGER
-- column: trips BIGINT
SELECT CAST(hour AS INTEGER) AS hour, CAST(sum(trips) AS BIGINT) AS trips
FROM trips_rollup_hour
WHERE $month = '' OR month = TRY_CAST($month || '-01' AS DATE)
GROUP BY 1
ORDER BY 1

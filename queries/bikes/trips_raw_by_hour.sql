-- title_en: Trips by hour of day (from every trip)
-- title_ko: 시간대별 이용 건수 (전체 이용 기록에서)
-- datasets: rental_history
-- description: Reads every trip (slower): the same answer as the summary-based twin without `raw_` in its name.
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- column: hour INTEGER
-- column: trips BIGINT
SELECT CAST(hour(rent_at) AS INTEGER) AS hour, count(*) AS trips
FROM trips
WHERE rent_at IS NOT NULL
  AND ($month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                       AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH))
GROUP BY 1
ORDER BY 1

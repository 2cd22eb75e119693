-- title_en: Trips by month
-- title_ko: 월별 이용 건수
-- datasets: rental_history
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- column: month VARCHAR          -- 'YYYY-MM' of the rental time
-- column: trips BIGINT
-- column: avg_duration_min DOUBLE
-- column: avg_distance_m DOUBLE
SELECT strftime(date_trunc('month', rent_at), '%Y-%m') AS month,
       count(*) AS trips,
       avg(duration_min) AS avg_duration_min,
       avg(distance_m) AS avg_distance_m
FROM trips
WHERE rent_at IS NOT NULL
  AND ($month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                       AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH))
GROUP BY 1
ORDER BY 1

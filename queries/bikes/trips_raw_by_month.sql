-- title_en: Trips by month (from every trip)
-- title_ko: 월별 이용 건수 (전체 이용 기록에서)
-- datasets: rental_history
-- description: Reads every trip (slower): the same answer as the summary-based twin without `raw_` in its name.
-- description: Trips per month of the rental time, with mean duration and distance.
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- column: month VARCHAR          -- 'YYYY-MM' of the rental time
-- column: trips BIGINT
-- column: avg_duration_min DOUBLE
-- column: avg_distance_m DOUBLE
-- (grouped on year/month numbers first: formatting 40 M timestamps is the slow part)
SELECT strftime(make_date(y, m, 1), '%Y-%m') AS month, trips, avg_duration_min, avg_distance_m
FROM (
    SELECT year(rent_at) AS y, month(rent_at) AS m, count(*) AS trips,
           avg(duration_min) AS avg_duration_min, avg(distance_m) AS avg_distance_m
    FROM trips
    WHERE rent_at IS NOT NULL
      AND ($month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                           AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH))
    GROUP BY 1, 2
)
ORDER BY y, m

-- title_en: Trip duration distribution (from every trip)
-- title_ko: 이용 시간 분포 (전체 이용 기록에서)
-- datasets: rental_history
-- description: Reads every trip (slower): the same answer as the summary-based twin without `raw_` in its name.
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: bin_min INTEGER = 5     -- bin width in minutes
-- param: max_min INTEGER = 120   -- durations at or above this fall in the last, open bin
-- column: bin_start_min INTEGER  -- lower edge of the bin (the last bin is max_min and longer)
-- column: trips BIGINT
-- Why a twin of the distance file: the same bin rule over a different column and unit; kept as
-- two named queries so each keeps its own parameters, columns and API address.
SELECT CAST(least(floor(duration_min / $bin_min) * $bin_min, $max_min) AS INTEGER) AS bin_start_min,
       count(*) AS trips
FROM trips
WHERE duration_min IS NOT NULL AND duration_min >= 0
  AND ($month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                       AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH))
GROUP BY 1
ORDER BY 1

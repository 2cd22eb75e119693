-- title_en: Trip distance distribution (from every trip)
-- title_ko: 이용 거리 분포 (전체 이용 기록에서)
-- datasets: rental_history
-- description: Reads every trip (slower): the same answer as the summary-based twin without `raw_` in its name.
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: bin_m INTEGER = 500     -- bin width in metres
-- param: max_m INTEGER = 10000   -- distances at or above this fall in the last, open bin
-- column: bin_start_m INTEGER    -- lower edge of the bin (the last bin is max_m and longer)
-- column: trips BIGINT
-- Why a twin of the duration file: the same bin rule over a different column and unit; kept as
-- two named queries so each keeps its own parameters, columns and API address.
SELECT CAST(least(floor(distance_m / $bin_m) * $bin_m, $max_m) AS INTEGER) AS bin_start_m,
       count(*) AS trips
FROM trips
WHERE distance_m IS NOT NULL AND distance_m >= 0
  AND ($month = '' OR (rent_at >= TRY_CAST($month || '-01' AS TIMESTAMP)
                       AND rent_at < TRY_CAST($month || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH))
GROUP BY 1
ORDER BY 1

-- title_en: Trip duration distribution
-- title_ko: 이용 시간 분포
-- datasets: rental_history
-- description: From the whole-minute duration summary made at import, so any whole-minute bin
-- description: width gives the same answer as trips_raw_duration_hist (which reads every trip).
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: bin_min INTEGER = 5     -- bin width in minutes
-- param: max_min INTEGER = 120   -- durations at or above this fall in the last, open bin
-- column: bin_start_min INTEGER  -- lower edge of the bin (the last bin is max_min and longer)
-- column: trips BIGINT
-- Why a twin of the distance file: the two read different summary tables with different units,
-- and a table name cannot be a bound parameter; both keep the same bin rule.
SELECT CAST(least(floor(minute_floor / $bin_min) * $bin_min, $max_min) AS INTEGER) AS bin_start_min,
       CAST(sum(trips) AS BIGINT) AS trips
FROM trips_rollup_duration
WHERE $month = '' OR month = TRY_CAST($month || '-01' AS DATE)
GROUP BY 1
ORDER BY 1

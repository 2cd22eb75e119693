-- title_en: Trip distance distribution
-- title_ko: 이용 거리 분포
-- datasets: rental_history
-- description: From the whole-metre distance summary made at import, so any whole-metre bin
-- description: width gives the same answer as trips_raw_distance_hist (which reads every trip).
-- param: month VARCHAR = ''      -- 'YYYY-MM', or '' for every imported month
-- param: bin_m INTEGER = 500     -- bin width in metres
-- param: max_m INTEGER = 10000   -- distances at or above this fall in the last, open bin
-- column: bin_start_m INTEGER    -- lower edge of the bin (the last bin is max_m and longer)
-- column: trips BIGINT
-- Why a twin of the duration file: the two read different summary tables with different units,
-- and a table name cannot be a bound parameter; both keep the same bin rule.
SELECT CAST(least(floor(metre_floor / $bin_m) * $bin_m, $max_m) AS INTEGER) AS bin_start_m,
       CAST(sum(trips) AS BIGINT) AS trips
FROM trips_rollup_distance
WHERE $month = '' OR month = TRY_CAST($month || '-01' AS DATE)
GROUP BY 1
ORDER BY 1

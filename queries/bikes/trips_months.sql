-- title_en: Imported trip months and what each covers
-- title_ko: 가져온 이용 기록의 월과 범위
-- datasets: rental_history
-- description: One row per month of trips in the warehouse: its source, whether it is a full
-- description: published month or an extract (gangnam_internal: only trips that both started and
-- description: ended at a Gangnam-gu station), and whether it is synthetic.
-- column: month VARCHAR          -- 'YYYY-MM'
-- column: scope VARCHAR          -- as_published | gangnam_internal
-- column: synthetic BOOLEAN
-- column: source_kind VARCHAR    -- bundled | file
-- column: source VARCHAR
-- column: trips BIGINT           -- rows in the month's file
-- column: first_day DATE
-- column: last_day DATE
SELECT partition AS month, scope, synthetic, source_kind, source, trips, first_day, last_day
FROM trips_rollup_months
ORDER BY partition

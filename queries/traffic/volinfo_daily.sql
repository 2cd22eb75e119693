-- title_en: Vehicles per day at survey point B-01 (VolInfo scrape, 2016–2017)
-- title_ko: 조사지점 B-01 일별 교통량 (VolInfo 수집본, 2016–2017)
-- datasets: topis_volinfo_blocks
-- description: Sum of the four 6-hour blocks, both directions. A day with a missing block (detector zeros, or the 31st that was never fetched) has no total, so charts show a gap.
-- column: date DATE
-- column: spot_num VARCHAR
-- column: spot_name VARCHAR
-- column: daily_volume BIGINT
-- column: blocks_valid BIGINT
-- column: weekend BOOLEAN
WITH days AS (
    SELECT unnest(generate_series(min(date), max(date), INTERVAL 1 DAY))::DATE AS date FROM topis_volinfo_blocks
), per_day AS (
    SELECT date, any_value(spot_num) AS spot_num, any_value(spot_name) AS spot_name, count(volume_total) AS blocks_valid,
           CASE WHEN count(volume_total) = 4 THEN sum(volume_total) END AS daily_volume
    FROM topis_volinfo_blocks GROUP BY date
)
SELECT d.date, p.spot_num, p.spot_name, p.daily_volume, coalesce(p.blocks_valid, 0) AS blocks_valid, isodow(d.date) >= 6 AS weekend
FROM days d LEFT JOIN per_day p USING (date)
ORDER BY d.date

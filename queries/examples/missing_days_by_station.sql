-- title_en: Missing days per air-quality station
-- title_ko: 대기질 측정소별 빠진 날짜 수
-- datasets: air_daily
-- description: For each station, the days between its first and last row that have no row at all, and the rows whose
-- description: PM2.5 is empty. A check of completeness anyone can rerun.
-- column: station VARCHAR
-- column: first_day DATE
-- column: last_day DATE
-- column: days_present BIGINT
-- column: days_missing BIGINT
-- column: pm25_empty BIGINT
SELECT station,
       min(date) AS first_day,
       max(date) AS last_day,
       count(DISTINCT date) AS days_present,
       CAST(datediff('day', min(date), max(date)) + 1 - count(DISTINCT date) AS BIGINT) AS days_missing,
       count(*) - count(pm25_ugm3) AS pm25_empty
FROM air_daily
GROUP BY station
ORDER BY days_missing DESC, pm25_empty DESC, station

-- title_en: Urban expressway traffic by year and route
-- title_ko: 연도별·노선별 도시고속도로 교통량
-- datasets: expressway_volume
-- description: Mean of the published average daily volumes (vehicles per day) over months and weekdays; years missing
-- description: from the file (2019–2021) have no row rather than a zero.
-- column: year INTEGER
-- column: route VARCHAR
-- column: avg_daily_volume DOUBLE
-- column: months BIGINT
SELECT year, route, round(avg(avg_daily_volume), 0) AS avg_daily_volume, count(DISTINCT month) AS months
FROM expressway_volume
GROUP BY ALL
ORDER BY year, avg_daily_volume DESC

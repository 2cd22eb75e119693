-- title_en: Indicator: monthly mean of a pollutant (complete months up to a date)
-- title_ko: 지표: 오염물질 월평균 (기준일까지 끝난 달)
-- datasets: air_daily
-- description: Mean of all urban-station daily values in the month (missing excluded); coverage = days with any value.
-- description: A month counts only once it has ended on or before as_of.
-- param: as_of DATE = '2100-01-01'
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, no2, o3)
-- param: gu VARCHAR = ''
-- column: period DATE
-- column: value DOUBLE
-- column: coverage BIGINT
SELECT date_trunc('month', date)::DATE AS period, avg(value) AS value,
       count(DISTINCT CASE WHEN value IS NOT NULL THEN date END) AS coverage
FROM stg_air_daily
WHERE pollutant = $pollutant AND station_type = 'urban' AND last_day(date) <= $as_of AND ($gu = '' OR gu = $gu)
GROUP BY 1
HAVING coverage > 0
ORDER BY 1

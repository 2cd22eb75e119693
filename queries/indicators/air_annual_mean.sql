-- title_en: Indicator: annual mean of a pollutant and days over the Korean 24-hour standard (complete years up to a date)
-- title_ko: 지표: 오염물질 연평균과 국내 24시간 기준 초과일 (기준일까지 끝난 해)
-- datasets: air_daily
-- description: value = mean of all urban-station daily values in the year (missing excluded); coverage = days with a value.
-- description: days_over = days whose Seoul (or district) daily mean exceeds the Korean 24-hour standard in force that day
-- description: (PM2.5: 50 µg/m³ before 2018-03-27, 35 after; PM10: 100 µg/m³). A year counts once it has ended on or before as_of.
-- param: as_of DATE = '2100-01-01'
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10)
-- param: gu VARCHAR = ''
-- column: period DATE
-- column: value DOUBLE
-- column: coverage BIGINT
-- column: days_over BIGINT
WITH daily AS (
    SELECT date, avg(value) AS v
    FROM stg_air_daily
    WHERE pollutant = $pollutant AND station_type = 'urban' AND make_date(year(date), 12, 31) <= $as_of AND ($gu = '' OR gu = $gu)
    GROUP BY date
)
SELECT make_date(year(date), 1, 1) AS period, avg(v) AS value, count(v) AS coverage,
       count(*) FILTER (WHERE v > CASE WHEN $pollutant = 'pm10' THEN 100
                                       WHEN date < DATE '2018-03-27' THEN 50 ELSE 35 END) AS days_over
FROM daily
GROUP BY 1
HAVING coverage > 0
ORDER BY 1

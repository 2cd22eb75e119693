-- title_en: Indicator: daily mean of a pollutant, Seoul or one district, up to a date
-- title_ko: 지표: 오염물질 일평균, 서울 전체 또는 한 자치구, 기준일까지
-- datasets: air_daily
-- description: Seoul = mean of the 25 district (urban) stations' daily values; a district = its urban station.
-- description: Missing values are excluded, never counted as zero; coverage = stations with a value that day.
-- description: Only days up to as_of, so the series is what was known on that day.
-- param: as_of DATE = '2100-01-01'
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, no2, o3)
-- param: gu VARCHAR = ''
-- column: period DATE
-- column: value DOUBLE
-- column: coverage BIGINT
SELECT date AS period, avg(value) AS value, count(value) AS coverage
FROM stg_air_daily
WHERE pollutant = $pollutant AND station_type = 'urban' AND date <= $as_of AND ($gu = '' OR gu = $gu)
GROUP BY date
HAVING coverage > 0
ORDER BY date

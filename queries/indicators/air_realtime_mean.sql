-- title_en: Indicator: latest real-time hour of a pollutant (hours up to a date)
-- title_ko: 지표: 최신 실시간 시각의 오염물질 (기준일까지)
-- datasets: air_realtime
-- description: Mean over the district stations in each real-time hour (missing excluded); coverage = stations with a value.
-- param: as_of DATE = '2100-01-01'
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10)
-- column: period TIMESTAMP
-- column: value DOUBLE
-- column: coverage BIGINT
SELECT measured_at AS period, avg(value) AS value, count(value) AS coverage
FROM stg_air_realtime
WHERE pollutant = $pollutant AND CAST(measured_at AS DATE) <= $as_of
GROUP BY measured_at
HAVING coverage > 0
ORDER BY measured_at

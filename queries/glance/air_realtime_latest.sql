-- title_en: Seoul air now (latest real-time hour)
-- title_ko: 지금 서울 대기 (최신 실시간)
-- datasets: air_realtime
-- description: Mean over the district stations in the latest real-time hour; missing values excluded.
-- column: measured_at TIMESTAMP
-- column: pm25 DOUBLE
-- column: pm10 DOUBLE
-- column: stations_pm25 BIGINT
-- column: stations_pm10 BIGINT
SELECT measured_at, avg(pm25) AS pm25, avg(pm10) AS pm10,
       count(pm25) AS stations_pm25, count(pm10) AS stations_pm10
FROM air_realtime
WHERE measured_at = (SELECT max(measured_at) FROM air_realtime)
GROUP BY measured_at

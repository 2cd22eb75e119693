-- title_en: Seoul air on the latest day of the daily record
-- title_ko: 일평균 자료 마지막 날의 서울 대기
-- datasets: air_daily
-- description: Mean of the 25 district (urban) stations; missing values are excluded, and the station count shows coverage.
-- column: date DATE
-- column: pm25 DOUBLE
-- column: pm10 DOUBLE
-- column: o3 DOUBLE
-- column: no2 DOUBLE
-- column: stations_pm25 BIGINT
-- column: stations_pm10 BIGINT
WITH latest AS (
    SELECT max(date) AS day FROM air_daily WHERE station_type = 'urban' AND pm25_ugm3 IS NOT NULL
)
SELECT day AS date,
       avg(pm25_ugm3) AS pm25, avg(pm10_ugm3) AS pm10, avg(o3_ppm) AS o3, avg(no2_ppm) AS no2,
       count(pm25_ugm3) AS stations_pm25, count(pm10_ugm3) AS stations_pm10
FROM air_daily JOIN latest ON air_daily.date = latest.day
WHERE station_type = 'urban'
GROUP BY day

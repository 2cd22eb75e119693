-- title_en: Citywide PM2.5 by year (urban stations)
-- title_ko: 연도별 서울 초미세먼지 (도시대기 측정소)
-- datasets: air_daily
-- description: Mean of the daily PM2.5 values of the 25 district (urban) stations per year; missing days are excluded, and
-- description: the number of station-days with a value is shown so coverage can be judged.
-- column: year INTEGER
-- column: pm25_mean DOUBLE
-- column: pm10_mean DOUBLE
-- column: station_days BIGINT
-- column: missing_pm25 BIGINT
SELECT CAST(year(date) AS INTEGER) AS year,
       round(avg(pm25_ugm3), 2) AS pm25_mean,
       round(avg(pm10_ugm3), 2) AS pm10_mean,
       count(pm25_ugm3) AS station_days,
       count(*) - count(pm25_ugm3) AS missing_pm25
FROM air_daily
WHERE station_type = 'urban'
GROUP BY ALL
ORDER BY year

-- title_en: Daily mean NO2, PM10 and PM2.5 at roadside and urban stations (consistent station set)
-- title_ko: 도로변·도시대기 측정소의 일평균 NO2·PM10·PM2.5 (같은 측정소 묶음)
-- datasets: air_daily
-- description: Per day and station type, the mean over the stations that report in every year of the file (so stations opening or closing do not shift the series). Missing values are excluded; n_* = stations averaged.
-- description: NO2 in ppb (ppm × 1000).
-- column: date DATE
-- column: station_type VARCHAR
-- column: no2_ppb DOUBLE
-- column: pm10 DOUBLE
-- column: pm25 DOUBLE
-- column: n_no2 BIGINT
-- column: n_pm10 BIGINT
-- column: n_pm25 BIGINT
WITH years AS (
    SELECT count(DISTINCT year(date)) AS n FROM air_daily
), consistent AS (
    SELECT station FROM air_daily WHERE station_type IN ('roadside', 'urban')
    GROUP BY station HAVING count(DISTINCT year(date)) = (SELECT n FROM years)
)
SELECT date, station_type, 1000 * avg(no2_ppm) AS no2_ppb, avg(pm10_ugm3) AS pm10, avg(pm25_ugm3) AS pm25,
       count(no2_ppm) AS n_no2, count(pm10_ugm3) AS n_pm10, count(pm25_ugm3) AS n_pm25
FROM air_daily
WHERE station IN (SELECT station FROM consistent)
GROUP BY date, station_type
ORDER BY date, station_type

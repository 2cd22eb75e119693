-- title_en: Stations ranked by PM2.5 in a year
-- title_ko: 연도별 측정소 초미세먼지 순위
-- datasets: air_daily
-- description: Mean of each station's daily PM2.5 in the chosen year, with the number of days that have a value.
-- param: year INTEGER = 2025
-- column: station VARCHAR
-- column: station_type VARCHAR
-- column: gu VARCHAR
-- column: pm25_mean DOUBLE
-- column: days_with_value BIGINT
SELECT station, any_value(station_type) AS station_type, any_value(gu) AS gu,
       round(avg(pm25_ugm3), 2) AS pm25_mean,
       count(pm25_ugm3) AS days_with_value
FROM air_daily
WHERE year(date) = $year
GROUP BY station
ORDER BY pm25_mean DESC NULLS LAST, station

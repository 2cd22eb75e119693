-- title_en: Monthly expressway traffic and air pollution, months where both exist
-- title_ko: 도시고속도로 교통량과 대기오염의 월별 값 (둘 다 있는 달)
-- datasets: expressway_volume, air_daily
-- description: traffic = sum over the expressway routes open in every month of the file of each route's average day in the month (weekday values weighted by how often each weekday occurs).
-- description: pollution = mean over the month's days of the daily mean of the consistent station set of the chosen type (missing values excluded; days_* = days with a value).
-- description: Only months present in both files: expressway data stop in 2018 and resume in 2022; air data cover 2014–2022.
-- param: station_type VARCHAR = 'roadside' in (roadside, urban)
-- column: month_start DATE
-- column: year INTEGER
-- column: month INTEGER
-- column: traffic_volume DOUBLE
-- column: routes BIGINT
-- column: no2_ppb DOUBLE
-- column: pm10 DOUBLE
-- column: pm25 DOUBLE
-- column: days_no2 BIGINT
-- column: days_pm10 BIGINT
-- column: days_pm25 BIGINT
WITH traffic AS (
    SELECT month_start, total_volume AS traffic_volume, routes FROM int_expressway_monthly
), years AS (
    SELECT count(DISTINCT year(date)) AS n FROM air_daily
), stations AS (
    SELECT station FROM air_daily WHERE station_type = $station_type
    GROUP BY station HAVING count(DISTINCT year(date)) = (SELECT n FROM years)
), daily AS (
    SELECT date, 1000 * avg(no2_ppm) AS no2, avg(pm10_ugm3) AS pm10, avg(pm25_ugm3) AS pm25
    FROM air_daily WHERE station IN (SELECT station FROM stations) GROUP BY date
), air AS (
    SELECT date_trunc('month', date)::DATE AS month_start, avg(no2) AS no2_ppb, avg(pm10) AS pm10, avg(pm25) AS pm25,
           count(no2) AS days_no2, count(pm10) AS days_pm10, count(pm25) AS days_pm25
    FROM daily GROUP BY 1
)
SELECT month_start, year(month_start)::INTEGER AS year, month(month_start)::INTEGER AS month,
       t.traffic_volume, t.routes, a.no2_ppb, a.pm10, a.pm25, a.days_no2, a.days_pm10, a.days_pm25
FROM traffic t JOIN air a USING (month_start)
ORDER BY month_start

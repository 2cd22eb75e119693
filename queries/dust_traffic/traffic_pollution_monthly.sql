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
WITH file_months AS (
    SELECT count(DISTINCT month_start) AS n FROM expressway_volume
), consistent_routes AS (
    SELECT route FROM expressway_volume GROUP BY route
    HAVING count(DISTINCT month_start) = (SELECT n FROM file_months)
), weekday_days AS (
    SELECT m.month_start, isodow(m.month_start + r.i::INTEGER)::INTEGER AS weekday_iso, count(*) AS n_days
    FROM (SELECT DISTINCT month_start FROM expressway_volume) m, range(0, 31) r(i)
    WHERE m.month_start + r.i::INTEGER <= last_day(m.month_start)
    GROUP BY ALL
), per_route AS (
    SELECT v.month_start, v.route, sum(v.avg_daily_volume * d.n_days) / sum(d.n_days) AS adt
    FROM expressway_volume v JOIN weekday_days d USING (month_start, weekday_iso)
    WHERE v.route IN (SELECT route FROM consistent_routes)
    GROUP BY ALL
), traffic AS (
    SELECT month_start, sum(adt) AS traffic_volume, count(*) AS routes FROM per_route GROUP BY month_start
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

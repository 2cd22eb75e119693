-- title_en: Headline indicators per district
-- title_ko: 자치구별 주요 지표
-- datasets: gu_boundaries, air_daily, bike_station_lists, traffic_accidents, bike_accidents
-- description: PM2.5 = mean of the district station's daily values in the latest complete year (missing days excluded, coverage shown); stations and racks from the latest published list; accidents summed over the latest full year.
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
-- column: pm25_year INTEGER
-- column: pm25_mean DOUBLE
-- column: pm25_days BIGINT
-- column: stations_date DATE
-- column: stations BIGINT
-- column: racks BIGINT
-- column: accidents_year INTEGER
-- column: accidents BIGINT
-- column: bike_acc_year INTEGER
-- column: bike_accidents BIGINT
WITH air_year AS (
    SELECT max(year(date))::INTEGER AS y FROM air_daily
    WHERE station_type = 'urban' GROUP BY year(date) HAVING count(DISTINCT date) >= 365
    ORDER BY 1 DESC LIMIT 1
), air AS (
    SELECT gu, avg(pm25_ugm3) AS pm25_mean, count(pm25_ugm3) AS pm25_days
    FROM air_daily, air_year WHERE station_type = 'urban' AND year(date) = air_year.y GROUP BY gu
), list AS (
    SELECT max(list_date) AS d FROM bike_stations WHERE racks IS NOT NULL  -- stations and racks from one list
), stations AS (
    SELECT gu, count(*) AS stations, sum(racks) AS racks FROM bike_stations, list
    WHERE list_date = list.d GROUP BY gu
), acc_year AS (
    SELECT year(month)::INTEGER AS y FROM traffic_accidents GROUP BY 1 HAVING count(DISTINCT month) = 12
    ORDER BY 1 DESC LIMIT 1
), acc AS (
    SELECT gu, sum(accidents) AS accidents FROM traffic_accidents, acc_year
    WHERE year(month) = acc_year.y GROUP BY gu
), bike_year AS (
    SELECT max(year) AS y FROM bike_accidents
), bike AS (
    SELECT gu, sum(accidents_cyclist_victim) AS bike_accidents FROM bike_accidents, bike_year
    WHERE year = bike_year.y GROUP BY gu
)
SELECT b.gu, b.gu_en, b.geometry_json,
       (SELECT y FROM air_year) AS pm25_year, air.pm25_mean, air.pm25_days,
       (SELECT d FROM list) AS stations_date, stations.stations, stations.racks,
       (SELECT y FROM acc_year) AS accidents_year, acc.accidents,
       (SELECT y FROM bike_year) AS bike_acc_year, bike.bike_accidents
FROM gu_boundaries b
LEFT JOIN air USING (gu)
LEFT JOIN stations USING (gu)
LEFT JOIN acc USING (gu)
LEFT JOIN bike USING (gu)
ORDER BY b.gu

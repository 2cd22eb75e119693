-- title_en: Annual mean at every roadside and district station in one year
-- title_ko: 한 해의 측정소별 연평균 (도로변·도시대기)
-- datasets: air_daily
-- description: Mean of the station's daily values in the chosen year (missing excluded); coverage = days with a value / days in the year.
-- param: pollutant VARCHAR = 'no2' in (pm25, pm10, o3, no2, co, so2)
-- param: year INTEGER = 2025
-- column: station VARCHAR
-- column: station_type VARCHAR
-- column: mean DOUBLE
-- column: days_with_data BIGINT
-- column: days_in_year BIGINT
-- column: coverage DOUBLE
WITH readings AS (
    SELECT station, station_type, value
    FROM stg_air_daily
    WHERE pollutant = $pollutant AND station_type IN ('urban', 'roadside') AND year(date) = $year
)
SELECT station, station_type, avg(value) AS mean, count(value) AS days_with_data,
       (make_date($year + 1, 1, 1) - make_date($year, 1, 1))::BIGINT AS days_in_year,
       count(value) / (make_date($year + 1, 1, 1) - make_date($year, 1, 1)) AS coverage
FROM readings
GROUP BY station, station_type
HAVING count(value) > 0
ORDER BY station_type DESC, mean DESC, station

-- title_en: Seoul daily means through one year (calendar)
-- title_ko: 한 해의 서울 일평균 (달력)
-- datasets: air_daily
-- description: One row per day of the chosen year; value = mean of the district (urban) stations with a value that day (stations = how many), NULL when none has one.
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- param: year INTEGER = 2025
-- column: date DATE
-- column: value DOUBLE
-- column: stations BIGINT
WITH readings AS (
    SELECT date, value
    FROM stg_air_daily
    WHERE pollutant = $pollutant AND station_type = 'urban' AND year(date) = $year
), spine AS (
    SELECT unnest(generate_series(make_date($year, 1, 1), make_date($year, 12, 31), INTERVAL 1 DAY))::DATE AS date
), city AS (
    SELECT date, avg(value) AS value, count(value) AS stations FROM readings GROUP BY date
)
SELECT spine.date, city.value, coalesce(city.stations, 0) AS stations
FROM spine LEFT JOIN city USING (date)
ORDER BY spine.date

-- title_en: Worst days: highest Seoul daily means
-- title_ko: 가장 나빴던 날 (서울 일평균 상위)
-- datasets: air_daily, gu_boundaries
-- description: Seoul daily mean over the district (urban) stations with a value, only for days when at least `min_stations` stations reported; year = 0 means every year. worst_gu is the district with the highest value that day (the first by name on a tie).
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- param: year INTEGER = 0
-- param: top_n INTEGER = 10
-- param: min_stations INTEGER = 13
-- column: date DATE
-- column: seoul_mean DOUBLE
-- column: stations BIGINT
-- column: worst_gu VARCHAR
-- column: worst_gu_en VARCHAR
-- column: worst_value DOUBLE
WITH readings AS (
    SELECT date, gu, value
    FROM stg_air_daily
    WHERE pollutant = $pollutant AND station_type = 'urban' AND ($year = 0 OR year(date) = $year)
), daily AS (
    SELECT date, avg(value) AS seoul_mean, count(value) AS stations,
           first(gu ORDER BY value DESC NULLS LAST, gu) AS worst_gu, max(value) AS worst_value
    FROM readings
    GROUP BY date
    HAVING count(value) >= $min_stations
)
SELECT daily.date, daily.seoul_mean, daily.stations, daily.worst_gu, b.gu_en AS worst_gu_en, daily.worst_value
FROM daily LEFT JOIN gu_boundaries b ON b.gu = daily.worst_gu
ORDER BY daily.seoul_mean DESC, daily.date
LIMIT $top_n

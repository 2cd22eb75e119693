-- title_en: Hour-of-day profile, Seoul-wide hourly values 2018–2022
-- title_ko: 시간대별 변화 (서울 평균 시간값, 2018–2022)
-- datasets: air_hourly_city
-- description: The source stamps each value at the END of its hour (01–24 h, KST); hour_of_day is the hour it began (0 = 00:00–01:00), so a value stamped 24:00 counts as 23 h of the previous day. Means over all hours, weekdays (Mon–Fri) and weekends; missing hours excluded.
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- column: hour_of_day INTEGER
-- column: mean_all DOUBLE
-- column: mean_weekday DOUBLE
-- column: mean_weekend DOUBLE
-- column: hours_n BIGINT
SELECT hour(hour_start)::INTEGER AS hour_of_day,
       avg(value) AS mean_all,
       avg(value) FILTER (WHERE isodow(hour_start) <= 5) AS mean_weekday,
       avg(value) FILTER (WHERE isodow(hour_start) >= 6) AS mean_weekend,
       count(value) AS hours_n
FROM stg_air_hourly_city
WHERE pollutant = $pollutant
GROUP BY 1
ORDER BY 1

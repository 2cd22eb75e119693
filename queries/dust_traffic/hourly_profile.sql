-- title_en: Seoul-wide hourly NO2 and PM by hour of day, working days against weekends
-- title_ko: 서울 전체 시간대별 NO2·미세먼지: 평일과 주말
-- datasets: air_hourly_city
-- description: The Seoul-wide hourly average (2018–2022). The source stamps the end of the hour (24:00 = 00:00 next day), so hour = start of the measured hour. Per hour of day: mean, standard deviation and number of days, for a 95% interval in the page.
-- description: Weekend = Saturday and Sunday; public holidays are not marked and count as working days.
-- param: pollutant VARCHAR = 'no2' in (no2, pm10, pm25)
-- column: day_type VARCHAR
-- column: hour INTEGER
-- column: mean DOUBLE
-- column: sd DOUBLE
-- column: n BIGINT
-- column: first_date DATE
-- column: last_date DATE
WITH h AS (
    SELECT hour_start AS starts, CASE pollutant WHEN 'no2' THEN 1000 * value ELSE value END AS value  -- NO2 in ppb
    FROM stg_air_hourly_city
    WHERE pollutant = $pollutant
)
SELECT CASE WHEN isodow(starts) >= 6 THEN 'weekend' ELSE 'weekday' END AS day_type, hour(starts)::INTEGER AS hour,
       avg(value) AS mean, stddev_samp(value) AS sd, count(value) AS n,
       (SELECT min(starts)::DATE FROM h) AS first_date, (SELECT max(starts)::DATE FROM h) AS last_date
FROM h GROUP BY ALL ORDER BY day_type, hour

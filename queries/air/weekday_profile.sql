-- title_en: Day-of-week profile, Seoul district stations
-- title_ko: 요일별 변화 (서울 자치구 측정소)
-- datasets: air_daily
-- description: Mean of all district (urban) station daily values on each day of the week (1 = Monday … 7 = Sunday), over every year and for the chosen year; missing values excluded.
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- param: year INTEGER = 2022
-- column: weekday_no INTEGER
-- column: mean_all_years DOUBLE
-- column: values_all_years BIGINT
-- column: mean_year DOUBLE
-- column: values_year BIGINT
WITH readings AS (
    SELECT date,
           CASE $pollutant WHEN 'pm25' THEN pm25_ugm3 WHEN 'pm10' THEN pm10_ugm3 WHEN 'o3' THEN o3_ppm
                           WHEN 'no2' THEN no2_ppm WHEN 'co' THEN co_ppm WHEN 'so2' THEN so2_ppm END AS value
    FROM air_daily
    WHERE station_type = 'urban'
)
SELECT isodow(date)::INTEGER AS weekday_no,
       avg(value) AS mean_all_years, count(value) AS values_all_years,
       avg(value) FILTER (WHERE year(date) = $year) AS mean_year,
       count(value) FILTER (WHERE year(date) = $year) AS values_year
FROM readings
GROUP BY 1
ORDER BY 1

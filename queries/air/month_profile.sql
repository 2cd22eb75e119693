-- title_en: Month-of-year profile, Seoul district stations
-- title_ko: 월별 변화 (서울 자치구 측정소)
-- datasets: air_daily
-- description: Mean of all district (urban) station daily values in each calendar month, over every year of the record and for the chosen year; missing values excluded, values_n = station-days with a value.
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- param: year INTEGER = 2022
-- column: month_no INTEGER
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
SELECT month(date)::INTEGER AS month_no,
       avg(value) AS mean_all_years, count(value) AS values_all_years,
       avg(value) FILTER (WHERE year(date) = $year) AS mean_year,
       count(value) FILTER (WHERE year(date) = $year) AS values_year
FROM readings
GROUP BY 1
ORDER BY 1

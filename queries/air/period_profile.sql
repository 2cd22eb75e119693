-- title_en: Month-of-year or day-of-week profile, Seoul district stations
-- title_ko: 월별·요일별 변화 (서울 자치구 측정소)
-- datasets: air_daily
-- description: Mean of all district (urban) station daily values in each calendar month (period = month: 1–12) or on each day of the week (period = weekday: 1 = Monday … 7 = Sunday), over every year of the record and for the chosen year; missing values excluded, values_* = station-days with a value.
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- param: year INTEGER = 2025
-- param: period VARCHAR = 'month' in (month, weekday)
-- column: period_no INTEGER
-- column: mean_all_years DOUBLE
-- column: values_all_years BIGINT
-- column: mean_year DOUBLE
-- column: values_year BIGINT
SELECT (CASE $period WHEN 'month' THEN month(date) ELSE isodow(date) END)::INTEGER AS period_no,
       avg(value) AS mean_all_years, count(value) AS values_all_years,
       avg(value) FILTER (WHERE year(date) = $year) AS mean_year,
       count(value) FILTER (WHERE year(date) = $year) AS values_year
FROM stg_air_daily
WHERE pollutant = $pollutant AND station_type = 'urban'
GROUP BY 1
ORDER BY 1

-- title_en: Road accidents per day by calendar month: one year against the long-run average
-- title_ko: 달별 하루 평균 교통사고: 선택 연도와 장기 평균
-- datasets: traffic_accidents
-- description: Per calendar month, the count divided by the number of days (so February is not penalised for being short).
-- description: long_run = all years in the file pooled (sum of counts / sum of days); selected = the chosen year only.
-- param: year INTEGER = 2024
-- param: metric VARCHAR = 'accidents' in (accidents, deaths, injuries)
-- param: gu VARCHAR = ''  -- empty = Seoul
-- column: month INTEGER
-- column: selected_per_day DOUBLE
-- column: long_run_per_day DOUBLE
-- column: long_run_min_per_day DOUBLE
-- column: long_run_max_per_day DOUBLE
-- column: years BIGINT
-- column: first_year INTEGER
-- column: last_year INTEGER
WITH monthly AS (
    SELECT month AS month_start,
           sum(CASE $metric WHEN 'deaths' THEN deaths WHEN 'injuries' THEN injuries ELSE accidents END) AS value,
           day(last_day(month)) AS days
    FROM traffic_accidents WHERE $gu = '' OR gu = $gu
    GROUP BY month
)
SELECT month(month_start)::INTEGER AS month,
       sum(value) FILTER (WHERE year(month_start) = $year) / sum(days) FILTER (WHERE year(month_start) = $year) AS selected_per_day,
       sum(value) / sum(days) AS long_run_per_day,
       min(value / days) AS long_run_min_per_day,
       max(value / days) AS long_run_max_per_day,
       count(*) AS years,
       min(year(month_start))::INTEGER AS first_year, max(year(month_start))::INTEGER AS last_year
FROM monthly GROUP BY 1 ORDER BY 1

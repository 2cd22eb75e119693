-- title_en: Indicator: urban expressway traffic, average vehicles a day per month, up to a date
-- title_ko: 지표: 도시고속도로 월별 하루 평균 교통량 (기준일까지)
-- datasets: expressway_volume
-- description: Sum over the routes published in every month of the file (a consistent set); each route's month weights its
-- description: seven weekday averages by how often each weekday occurs. Months not published are absent (never zero).
-- param: as_of DATE = '2100-01-01'
-- column: period DATE
-- column: value DOUBLE
-- column: routes BIGINT
SELECT month_start AS period, total_volume AS value, routes
FROM int_expressway_monthly
WHERE last_day(month_start) <= $as_of
ORDER BY month_start

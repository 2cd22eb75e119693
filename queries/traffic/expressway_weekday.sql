-- title_en: Urban expressways: average daily volume by weekday in a year
-- title_ko: 도시고속도로 요일별 일평균 교통량 (연도별)
-- datasets: expressway_volume
-- description: Mean over the year's months of each weekday's average daily volume, per route. months = how many months of that year the route has.
-- param: year INTEGER = 2023
-- param: routes VARCHAR[] = []
-- column: route VARCHAR
-- column: weekday_iso INTEGER
-- column: weekday_ko VARCHAR
-- column: mean_volume DOUBLE
-- column: months BIGINT
SELECT route, weekday_iso, any_value(weekday_ko) AS weekday_ko,
       avg(avg_daily_volume) AS mean_volume, count(avg_daily_volume) AS months
FROM expressway_volume
WHERE year = $year AND (len($routes) = 0 OR list_contains($routes, route))
GROUP BY route, weekday_iso
ORDER BY route, weekday_iso

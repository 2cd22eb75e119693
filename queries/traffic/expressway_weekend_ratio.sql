-- title_en: Urban expressways: weekend traffic as a share of weekday traffic, per year
-- title_ko: 도시고속도로 주말 교통량 (평일 대비 비율, 연도별)
-- datasets: expressway_volume
-- description: Per route and year: mean of the Mon–Fri averages and of the Sat–Sun averages over the year's months, and weekend / weekday in percent.
-- description: Years without data (2019–2021) are listed with NULL so charts show a gap.
-- param: routes VARCHAR[] = []
-- column: year INTEGER
-- column: route VARCHAR
-- column: weekday_mean DOUBLE
-- column: weekend_mean DOUBLE
-- column: weekend_pct_of_weekday DOUBLE
-- column: months BIGINT
WITH years AS (
    SELECT unnest(range(min(year), max(year) + 1))::INTEGER AS year FROM expressway_volume
), routes AS (
    SELECT DISTINCT route FROM expressway_volume WHERE len($routes) = 0 OR list_contains($routes, route)
), stats AS (
    SELECT year, route,
           avg(avg_daily_volume) FILTER (WHERE weekday_iso <= 5) AS weekday_mean,
           avg(avg_daily_volume) FILTER (WHERE weekday_iso >= 6) AS weekend_mean,
           count(DISTINCT month) AS months
    FROM expressway_volume GROUP BY ALL
)
SELECT y.year, r.route, s.weekday_mean, s.weekend_mean,
       100 * s.weekend_mean / s.weekday_mean AS weekend_pct_of_weekday, coalesce(s.months, 0) AS months
FROM years y CROSS JOIN routes r LEFT JOIN stats s ON s.year = y.year AND s.route = r.route
ORDER BY r.route, y.year

-- title_en: Urban expressways: total average daily volume of the routes open all period, by year and month
-- title_ko: 전 기간 운영 노선의 도시고속도로 월 일평균 교통량 합계 (연·월별)
-- datasets: expressway_volume
-- description: Only routes with data in every month of the file (a consistent set, so openings and closures do not move the total).
-- description: Per route the month's average day weights the seven weekday values by how often each weekday occurs; the routes are then summed.
-- description: Every year × month from the first to the last year is listed; 2019–2021 have NULL (not published).
-- column: year INTEGER
-- column: month INTEGER
-- column: month_start DATE
-- column: total_volume DOUBLE
-- column: routes BIGINT
-- column: route_names VARCHAR
WITH grid AS (
    SELECT y.year::INTEGER AS year, m.month::INTEGER AS month, make_date(y.year, m.month, 1) AS month_start
    FROM (SELECT unnest(range(min(year), max(year) + 1)) AS year FROM expressway_volume) y,
         range(1, 13) m(month)
)
SELECT g.year, g.month, g.month_start, t.total_volume, coalesce(t.routes, 0) AS routes,
       (SELECT any_value(route_names) FROM int_expressway_monthly) AS route_names
FROM grid g LEFT JOIN int_expressway_monthly t USING (month_start)
ORDER BY g.year, g.month

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
WITH file_months AS (
    SELECT count(DISTINCT month_start) AS n FROM expressway_volume
), consistent AS (
    SELECT route FROM expressway_volume GROUP BY route
    HAVING count(DISTINCT month_start) = (SELECT n FROM file_months)
), weekday_days AS (
    SELECT m.month_start, isodow(m.month_start + r.i::INTEGER)::INTEGER AS weekday_iso, count(*) AS n_days
    FROM (SELECT DISTINCT month_start FROM expressway_volume) m, range(0, 31) r(i)
    WHERE m.month_start + r.i::INTEGER <= last_day(m.month_start)
    GROUP BY ALL
), per_route AS (
    SELECT v.month_start, v.route, sum(v.avg_daily_volume * d.n_days) / sum(d.n_days) AS adt
    FROM expressway_volume v JOIN weekday_days d USING (month_start, weekday_iso)
    WHERE v.route IN (SELECT route FROM consistent)
    GROUP BY ALL
), totals AS (
    SELECT month_start, sum(adt) AS total_volume, count(*) AS routes FROM per_route GROUP BY month_start
), grid AS (
    SELECT y.year::INTEGER AS year, m.month::INTEGER AS month, make_date(y.year, m.month, 1) AS month_start
    FROM (SELECT unnest(range(min(year), max(year) + 1)) AS year FROM expressway_volume) y,
         range(1, 13) m(month)
)
SELECT g.year, g.month, g.month_start, t.total_volume, coalesce(t.routes, 0) AS routes,
       (SELECT string_agg(route, ', ' ORDER BY route) FROM consistent) AS route_names
FROM grid g LEFT JOIN totals t USING (month_start)
ORDER BY g.year, g.month

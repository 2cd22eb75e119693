-- title_en: Urban expressways: average daily volume per route and month
-- title_ko: 도시고속도로 노선별 월 일평균 교통량
-- datasets: expressway_volume
-- description: The file gives, per route and month, the average daily volume of each weekday (Mon…Sun).
-- description: The month's average day weights those seven values by how often each weekday occurs in that month.
-- description: Every month from the first to the last in the file is listed; months without data (2019–2021, or before a route opened) have NULL volume, so charts show a gap, never zero.
-- param: routes VARCHAR[] = []  -- empty = all routes
-- column: month_start DATE
-- column: year INTEGER
-- column: month INTEGER
-- column: route VARCHAR
-- column: avg_daily_volume DOUBLE
-- column: weekdays_reported BIGINT
-- column: month_in_file BOOLEAN
WITH span AS (
    SELECT min(month_start) AS lo, max(month_start) AS hi FROM expressway_volume
), grid_months AS (
    SELECT unnest(generate_series(lo, hi, INTERVAL 1 MONTH))::DATE AS month_start FROM span
), routes AS (
    SELECT DISTINCT route FROM expressway_volume
    WHERE len($routes) = 0 OR list_contains($routes, route)
), weekday_days AS (  -- how many Mondays, Tuesdays, … each month has
    SELECT m.month_start, isodow(m.month_start + r.i::INTEGER)::INTEGER AS weekday_iso, count(*) AS n_days
    FROM (SELECT DISTINCT month_start FROM expressway_volume) m, range(0, 31) r(i)
    WHERE m.month_start + r.i::INTEGER <= last_day(m.month_start)
    GROUP BY ALL
), monthly AS (
    SELECT v.month_start, v.route,
           sum(v.avg_daily_volume * d.n_days) / sum(d.n_days) AS avg_daily_volume,
           count(v.avg_daily_volume) AS weekdays_reported
    FROM expressway_volume v JOIN weekday_days d USING (month_start, weekday_iso)
    GROUP BY ALL
)
SELECT g.month_start, year(g.month_start)::INTEGER AS year, month(g.month_start)::INTEGER AS month,
       r.route, m.avg_daily_volume, coalesce(m.weekdays_reported, 0) AS weekdays_reported,
       g.month_start IN (SELECT month_start FROM expressway_volume) AS month_in_file
FROM grid_months g CROSS JOIN routes r
LEFT JOIN monthly m ON m.month_start = g.month_start AND m.route = r.route
ORDER BY r.route, g.month_start

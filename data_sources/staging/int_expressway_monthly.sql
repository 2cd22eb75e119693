-- Urban-expressway traffic per month, shared by the traffic page and the traffic–pollution section:
-- the sum over the routes open in every month of the file (a consistent set, so openings and closures
-- do not move the total) of each route's average day in the month, the seven published weekday values
-- weighted by how often each weekday occurs in that month. route_names lists the consistent set.
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
)
SELECT month_start, sum(adt) AS total_volume, count(*) AS routes,
       (SELECT string_agg(route, ', ' ORDER BY route) FROM consistent) AS route_names
FROM per_route
GROUP BY month_start

-- title_en: Indicator: urban expressway traffic, average vehicles a day per month, up to a date
-- title_ko: 지표: 도시고속도로 월별 하루 평균 교통량 (기준일까지)
-- datasets: expressway_volume
-- description: Sum over the routes published in every month of the file (a consistent set); each route's month weights its
-- description: seven weekday averages by how often each weekday occurs. Months not published are absent (never zero).
-- param: as_of DATE = '2100-01-01'
-- column: period DATE
-- column: value DOUBLE
-- column: routes BIGINT
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
    WHERE v.route IN (SELECT route FROM consistent) AND last_day(v.month_start) <= $as_of
    GROUP BY ALL
)
SELECT month_start AS period, sum(adt) AS value, count(*) AS routes
FROM per_route GROUP BY month_start ORDER BY month_start

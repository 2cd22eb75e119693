-- title_en: Urban expressway routes: coverage, names and latest volume
-- title_ko: 도시고속도로 노선별 자료 기간과 최근 교통량
-- datasets: expressway_volume
-- description: First and last month with data per route, months missing inside that span, the names used in the source, and the mean of the weekday averages in the latest year the route has data.
-- column: route VARCHAR
-- column: first_month DATE
-- column: last_month DATE
-- column: months_with_data BIGINT
-- column: months_missing_in_span BIGINT
-- column: file_months_missing_in_span BIGINT
-- column: published_names VARCHAR
-- column: latest_year INTEGER
-- column: latest_year_mean_volume DOUBLE
-- column: in_every_month BOOLEAN
WITH file_months AS (
    SELECT DISTINCT month_start FROM expressway_volume
), per_route AS (
    SELECT route, min(month_start) AS first_month, max(month_start) AS last_month,
           count(DISTINCT month_start) AS months_with_data,
           string_agg(DISTINCT route_published, ' · ' ORDER BY route_published) AS published_names,
           max(year)::INTEGER AS latest_year
    FROM expressway_volume GROUP BY route
)
SELECT p.route, p.first_month, p.last_month, p.months_with_data,
       (date_diff('month', p.first_month, p.last_month) + 1) - p.months_with_data AS months_missing_in_span,
       (SELECT count(*) FROM file_months f WHERE f.month_start BETWEEN p.first_month AND p.last_month)
           - p.months_with_data AS file_months_missing_in_span,
       p.published_names, p.latest_year,
       (SELECT avg(v.avg_daily_volume) FROM expressway_volume v
        WHERE v.route = p.route AND v.year = p.latest_year) AS latest_year_mean_volume,
       p.months_with_data = (SELECT count(*) FROM file_months) AS in_every_month
FROM per_route p
ORDER BY latest_year_mean_volume DESC

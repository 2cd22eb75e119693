-- title_en: Annual means per district and for Seoul, with coverage and change on the year before
-- title_ko: 자치구별·서울 연평균 (자료 충족률, 전년 대비 변화)
-- datasets: air_daily, gu_boundaries
-- description: District = mean of its urban station's daily values in the year (missing days excluded); coverage = days with a value / days in the year. Seoul = mean over all 25 district stations' daily values (missing excluded); coverage = station-days with a value / (25 × days in the year). mean_of_station_means (Seoul rows) averages the 25 stations' annual means instead, for comparison. change = mean − the previous year's mean. provisional = the year holds values Seoul has not confirmed yet (2025).
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- column: year INTEGER
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: is_city BOOLEAN
-- column: mean DOUBLE
-- column: mean_of_station_means DOUBLE
-- column: values_n BIGINT
-- column: possible_n BIGINT
-- column: coverage DOUBLE
-- column: change DOUBLE
-- column: change_pct DOUBLE
-- column: provisional BOOLEAN
WITH readings AS (
    SELECT year(date)::INTEGER AS yr, gu, value, provisional
    FROM stg_air_daily
    WHERE pollutant = $pollutant AND station_type = 'urban'
), years AS (
    SELECT DISTINCT yr, (make_date(yr + 1, 1, 1) - make_date(yr, 1, 1))::BIGINT AS days_in_year FROM readings
), per_gu AS (
    SELECT yr, gu, avg(value) AS mean, count(value) AS values_n, bool_or(provisional) AS provisional
    FROM readings GROUP BY yr, gu
), rows_all AS (
    SELECT per_gu.yr, per_gu.gu, b.gu_en, FALSE AS is_city, per_gu.mean, NULL::DOUBLE AS mean_of_station_means,
           per_gu.values_n, years.days_in_year AS possible_n, per_gu.provisional
    FROM per_gu JOIN years USING (yr) JOIN gu_boundaries b USING (gu)
    UNION ALL
    SELECT r.yr, NULL, NULL, TRUE, avg(r.value),
           (SELECT avg(p.mean) FROM per_gu p WHERE p.yr = r.yr),
           count(r.value), any_value(years.days_in_year) * (SELECT count(*) FROM gu_boundaries), bool_or(r.provisional)
    FROM readings r JOIN years USING (yr)
    GROUP BY r.yr
)
SELECT yr AS year, gu, gu_en, is_city, mean, mean_of_station_means, values_n, possible_n,
       values_n / possible_n AS coverage,
       CASE WHEN lag(yr) OVER w = yr - 1 THEN mean - lag(mean) OVER w END AS change,
       CASE WHEN lag(yr) OVER w = yr - 1 THEN 100 * (mean - lag(mean) OVER w) / lag(mean) OVER w END AS change_pct,
       provisional
FROM rows_all
WINDOW w AS (PARTITION BY gu, is_city ORDER BY yr)
ORDER BY is_city DESC, gu, yr

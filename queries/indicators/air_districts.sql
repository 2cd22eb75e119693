-- title_en: Indicator map: a pollutant per district for one day, month or year
-- title_ko: 지표 지도: 자치구별 오염물질 (하루·한 달·한 해)
-- datasets: air_daily, gu_boundaries
-- description: Mean of each district's urban-station daily values from period to the end of the day, month or year (missing excluded).
-- param: period DATE = '2022-01-01'
-- param: span VARCHAR = 'year' in (day, month, year)
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, no2, o3)
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
-- column: value DOUBLE
-- column: coverage BIGINT
WITH bounds AS (
    SELECT $period AS first_day,
           CASE $span WHEN 'day' THEN $period WHEN 'month' THEN last_day($period)
                      ELSE make_date(year($period), 12, 31) END AS last_day
), per_gu AS (
    SELECT gu, avg(value) AS value, count(value) AS coverage
    FROM stg_air_daily, bounds
    WHERE pollutant = $pollutant AND station_type = 'urban' AND date BETWEEN bounds.first_day AND bounds.last_day
    GROUP BY gu
)
SELECT b.gu, b.gu_en, b.geometry_json, p.value, coalesce(p.coverage, 0) AS coverage
FROM gu_boundaries b LEFT JOIN per_gu p USING (gu)
ORDER BY b.gu

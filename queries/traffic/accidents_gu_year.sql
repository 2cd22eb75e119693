-- title_en: Road accidents, deaths and injuries per district in a year
-- title_ko: 자치구별 교통사고 발생건수·사망자·부상자 (연도별)
-- datasets: traffic_accidents, gu_boundaries
-- description: Sum of the district's monthly figures over the year; months = months reported (12 for a full year). Counts, not rates: districts differ in size, population and traffic.
-- param: year INTEGER = 2024
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
-- column: accidents BIGINT
-- column: deaths BIGINT
-- column: injuries BIGINT
-- column: months BIGINT
SELECT b.gu, b.gu_en, b.geometry_json, a.accidents, a.deaths, a.injuries, coalesce(a.months, 0) AS months
FROM gu_boundaries b
LEFT JOIN (
    SELECT gu, sum(accidents) AS accidents, sum(deaths) AS deaths, sum(injuries) AS injuries,
           count(DISTINCT month) AS months
    FROM traffic_accidents WHERE year(month) = $year GROUP BY gu
) a USING (gu)
ORDER BY b.gu

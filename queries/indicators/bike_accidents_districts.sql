-- title_en: Indicator map: accidents injuring cyclists per district in one year
-- title_ko: 지표 지도: 한 해의 자치구별 자전거 피해 사고
-- datasets: bike_accidents, gu_boundaries
-- param: period DATE = '2023-01-01'
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
-- column: accidents BIGINT
-- column: deaths BIGINT
WITH per_gu AS (
    SELECT gu, sum(accidents_cyclist_victim) AS accidents, sum(deaths_cyclist_victim) AS deaths
    FROM bike_accidents WHERE year = year($period) GROUP BY gu
)
SELECT b.gu, b.gu_en, b.geometry_json, p.accidents, p.deaths
FROM gu_boundaries b LEFT JOIN per_gu p USING (gu)
ORDER BY b.gu

-- title_en: Indicator map: road accidents and deaths per district in one year
-- title_ko: 지표 지도: 한 해의 자치구별 교통사고·사망
-- datasets: traffic_accidents, gu_boundaries
-- param: period DATE = '2024-01-01'
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
-- column: accidents BIGINT
-- column: deaths BIGINT
WITH per_gu AS (
    SELECT gu, sum(accidents) AS accidents, sum(deaths) AS deaths FROM traffic_accidents
    WHERE year(month) = year($period) GROUP BY gu
)
SELECT b.gu, b.gu_en, b.geometry_json, p.accidents, p.deaths
FROM gu_boundaries b LEFT JOIN per_gu p USING (gu)
ORDER BY b.gu

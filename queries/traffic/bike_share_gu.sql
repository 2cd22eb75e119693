-- title_en: Bicycle accidents against all road accidents, per district in a year
-- title_ko: 자치구별 자전거 교통사고와 전체 교통사고 대비 비율 (연도별)
-- datasets: bike_accidents, traffic_accidents, gu_boundaries
-- description: Cyclist-at-fault and cyclist-victim accidents as a percentage of all road accidents in the district that year (a bicycle–bicycle crash can be in both).
-- param: year INTEGER = 2023
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: all_accidents BIGINT
-- column: cyclist_at_fault BIGINT
-- column: cyclist_victim BIGINT
-- column: at_fault_pct DOUBLE
-- column: victim_pct DOUBLE
WITH allacc AS (
    SELECT gu, sum(accidents) AS all_accidents FROM traffic_accidents WHERE year(month) = $year GROUP BY gu
)
SELECT g.gu, g.gu_en, a.all_accidents, b.accidents_cyclist_at_fault::BIGINT AS cyclist_at_fault,
       b.accidents_cyclist_victim::BIGINT AS cyclist_victim,
       100.0 * b.accidents_cyclist_at_fault / a.all_accidents AS at_fault_pct,
       100.0 * b.accidents_cyclist_victim / a.all_accidents AS victim_pct
FROM gu_boundaries g
LEFT JOIN allacc a USING (gu)
LEFT JOIN bike_accidents b ON b.gu = g.gu AND b.year = $year
ORDER BY victim_pct DESC NULLS LAST

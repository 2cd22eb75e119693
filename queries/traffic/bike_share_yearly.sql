-- title_en: Bicycle accidents against all road accidents, per year
-- title_ko: 연도별 자전거 교통사고와 전체 교통사고 대비 비율
-- datasets: bike_accidents, traffic_accidents
-- description: Seoul = sum of the 25 districts. 'Cyclist at fault' and 'cyclist victim' are separate counts; a crash between two bicycles can appear in both, so they are shown side by side, not added.
-- description: Only years present in both files.
-- column: year INTEGER
-- column: all_accidents BIGINT
-- column: cyclist_at_fault BIGINT
-- column: cyclist_victim BIGINT
-- column: at_fault_pct DOUBLE
-- column: victim_pct DOUBLE
-- column: cyclist_deaths BIGINT
WITH bikes AS (
    SELECT year, sum(accidents_cyclist_at_fault) AS cyclist_at_fault, sum(accidents_cyclist_victim) AS cyclist_victim,
           sum(deaths_cyclist_victim) AS cyclist_deaths  -- the one definition (bikes/accident_counts): victim counts
    FROM bike_accidents GROUP BY year
), allacc AS (
    SELECT year(month)::INTEGER AS year, sum(accidents) AS all_accidents
    FROM traffic_accidents GROUP BY 1 HAVING count(DISTINCT month) = 12
)
SELECT year, all_accidents, cyclist_at_fault, cyclist_victim,
       100.0 * cyclist_at_fault / all_accidents AS at_fault_pct,
       100.0 * cyclist_victim / all_accidents AS victim_pct, cyclist_deaths
FROM bikes JOIN allacc USING (year)
ORDER BY year

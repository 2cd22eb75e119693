-- title_en: Bicycle accidents per year, Seoul or one district (2005–2023)
-- title_ko: 연도별 자전거 교통사고, 서울 또는 한 자치구 (2005–2023년)
-- datasets: bike_accidents
-- description: Sum of the 25 districts (or the chosen one). Victim = a cyclist was hurt by another road user;
-- description: at fault = the cyclist caused the accident. The two are separate accidents.
-- param: gu VARCHAR = ''
-- column: year INTEGER
-- column: accidents_victim BIGINT
-- column: accidents_at_fault BIGINT
-- column: deaths_victim BIGINT
-- column: deaths_at_fault BIGINT
-- column: injuries_victim BIGINT
-- column: injuries_at_fault BIGINT
SELECT year, sum(accidents_cyclist_victim) AS accidents_victim, sum(accidents_cyclist_at_fault) AS accidents_at_fault,
       sum(deaths_cyclist_victim) AS deaths_victim, sum(deaths_cyclist_at_fault) AS deaths_at_fault,
       sum(injuries_cyclist_victim) AS injuries_victim, sum(injuries_cyclist_at_fault) AS injuries_at_fault
FROM bike_accidents
WHERE $gu = '' OR gu = $gu
GROUP BY year
ORDER BY year

-- title_en: Bicycle accidents by district in one year
-- title_ko: 한 해의 자치구별 자전거 교통사고
-- datasets: bike_accidents, gu_boundaries
-- description: Victim = a cyclist was hurt by another road user; at fault = the cyclist caused the accident. deaths and injuries are the victim counts (the one definition, bikes/accident_counts); at-fault counts overlap and are never added.
-- param: year INTEGER = 2023
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: accidents_victim INTEGER
-- column: accidents_at_fault INTEGER
-- column: deaths INTEGER
-- column: injuries INTEGER
SELECT a.gu, b.gu_en, a.accidents_cyclist_victim AS accidents_victim, a.accidents_cyclist_at_fault AS accidents_at_fault,
       a.deaths_cyclist_victim AS deaths, a.injuries_cyclist_victim AS injuries  -- victim counts: never added to at-fault ones
FROM bike_accidents a
JOIN gu_boundaries b USING (gu)
WHERE a.year = $year
ORDER BY a.accidents_cyclist_victim DESC, a.gu

-- title_en: Bicycle accidents per year (the one definition every page uses)
-- title_ko: 연도별 자전거 교통사고 (모든 화면이 쓰는 하나의 정의)
-- datasets: bike_accidents
-- description: accidents, deaths, injuries = accidents in which a cyclist was hurt by another road user (the published 피해 counts), and the people killed or hurt in them.
-- description: at_fault_* = accidents the cyclist caused (가해), shown beside and never added: a crash between two bicycles is in both and the overlap is not published.
-- description: gu = '' gives Seoul (sum of the 25 districts); year = 0 gives every year.
-- param: gu VARCHAR = ''
-- param: year INTEGER = 0
-- column: year INTEGER
-- column: accidents BIGINT
-- column: deaths BIGINT
-- column: injuries BIGINT
-- column: at_fault_accidents BIGINT
-- column: at_fault_deaths BIGINT
-- column: at_fault_injuries BIGINT
SELECT year, sum(accidents)::BIGINT AS accidents, sum(deaths)::BIGINT AS deaths, sum(injuries)::BIGINT AS injuries,
       sum(at_fault_accidents)::BIGINT AS at_fault_accidents, sum(at_fault_deaths)::BIGINT AS at_fault_deaths,
       sum(at_fault_injuries)::BIGINT AS at_fault_injuries
FROM int_bike_accidents
WHERE ($gu = '' OR gu = $gu) AND ($year = 0 OR year = $year)
GROUP BY year
ORDER BY year

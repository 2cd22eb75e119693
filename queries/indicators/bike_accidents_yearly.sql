-- title_en: Indicator: accidents injuring cyclists per year up to a date
-- title_ko: 지표: 기준일까지의 연도별 자전거 피해 사고
-- datasets: bike_accidents
-- description: Victim counts only (accidents where a cyclist was hurt); at-fault counts are shown beside, never added (they overlap).
-- description: A year counts once it has ended on or before as_of.
-- param: as_of DATE = '2100-01-01'
-- param: gu VARCHAR = ''
-- column: period DATE
-- column: accidents BIGINT
-- column: deaths BIGINT
-- column: at_fault BIGINT
SELECT make_date(year, 1, 1) AS period, sum(accidents_cyclist_victim) AS accidents,
       sum(deaths_cyclist_victim) AS deaths, sum(accidents_cyclist_at_fault) AS at_fault
FROM bike_accidents
WHERE make_date(year, 12, 31) <= $as_of AND ($gu = '' OR gu = $gu)
GROUP BY year
ORDER BY year

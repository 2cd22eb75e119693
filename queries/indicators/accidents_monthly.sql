-- title_en: Indicator: road accidents, deaths and injuries per month up to a date
-- title_ko: 지표: 기준일까지의 월별 교통사고·사망·부상
-- datasets: traffic_accidents
-- description: Sums of the districts' monthly counts; a month counts once it has ended on or before as_of.
-- param: as_of DATE = '2100-01-01'
-- param: gu VARCHAR = ''
-- column: period DATE
-- column: accidents BIGINT
-- column: deaths BIGINT
-- column: injuries BIGINT
SELECT month AS period, sum(accidents) AS accidents, sum(deaths) AS deaths, sum(injuries) AS injuries
FROM traffic_accidents
WHERE last_day(month) <= $as_of AND ($gu = '' OR gu = $gu)
GROUP BY month
ORDER BY month

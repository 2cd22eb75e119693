-- title_en: Indicator: road accidents, deaths and injuries per complete year up to a date
-- title_ko: 지표: 기준일까지 끝난 해의 교통사고·사망·부상
-- datasets: traffic_accidents
-- description: Sums of the districts' monthly counts; a year counts once all twelve months have ended on or before as_of.
-- description: Publication delay is not modelled: a year's figures appear as soon as the year has ended.
-- param: as_of DATE = '2100-01-01'
-- param: gu VARCHAR = ''
-- column: period DATE
-- column: accidents BIGINT
-- column: deaths BIGINT
-- column: injuries BIGINT
SELECT make_date(year(month), 1, 1) AS period, sum(accidents) AS accidents, sum(deaths) AS deaths,
       sum(injuries) AS injuries
FROM traffic_accidents
WHERE last_day(month) <= $as_of AND ($gu = '' OR gu = $gu)
GROUP BY 1
HAVING count(DISTINCT month) = 12
ORDER BY 1

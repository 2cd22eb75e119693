-- title_en: Traffic accidents, deaths and injuries per district in a year
-- title_ko: 연도별 자치구 교통사고·사망·부상
-- datasets: traffic_accidents
-- description: Sum of the monthly counts per district for the chosen year; months counts which months are present.
-- param: year INTEGER = 2024
-- column: gu VARCHAR
-- column: accidents BIGINT
-- column: deaths BIGINT
-- column: injuries BIGINT
-- column: months BIGINT
SELECT gu,
       sum(accidents) AS accidents,
       sum(deaths) AS deaths,
       sum(injuries) AS injuries,
       count(DISTINCT month) AS months
FROM traffic_accidents
WHERE year(month) = $year
GROUP BY gu
ORDER BY accidents DESC, gu

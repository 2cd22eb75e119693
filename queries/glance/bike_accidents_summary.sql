-- title_en: Bicycle accidents in Seoul, latest year
-- title_ko: 서울 자전거 교통사고, 최근 연도
-- datasets: bike_accidents
-- column: year INTEGER
-- column: victim_accidents BIGINT
-- column: victim_deaths BIGINT
-- column: at_fault_accidents BIGINT
SELECT year, sum(accidents_cyclist_victim) AS victim_accidents, sum(deaths_cyclist_victim) AS victim_deaths,
       sum(accidents_cyclist_at_fault) AS at_fault_accidents
FROM bike_accidents
WHERE year = (SELECT max(year) FROM bike_accidents)
GROUP BY year

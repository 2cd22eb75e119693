-- title_en: Road accidents per year, Seoul or one district
-- title_ko: 연도별 교통사고 (서울 전체 또는 한 자치구)
-- datasets: traffic_accidents
-- description: Seoul = the sum of the 25 districts. months = months reported in that year.
-- param: gu VARCHAR = ''  -- empty = Seoul (all 25 districts)
-- column: year INTEGER
-- column: accidents BIGINT
-- column: deaths BIGINT
-- column: injuries BIGINT
-- column: months BIGINT
-- column: districts BIGINT
SELECT year(month)::INTEGER AS year, sum(accidents) AS accidents, sum(deaths) AS deaths,
       sum(injuries) AS injuries, count(DISTINCT month) AS months, count(DISTINCT gu) AS districts
FROM traffic_accidents
WHERE $gu = '' OR gu = $gu
GROUP BY 1 ORDER BY 1

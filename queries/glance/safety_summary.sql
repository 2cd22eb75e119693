-- title_en: Road accidents in Seoul, latest full year and the year before
-- title_ko: 서울 교통사고, 최근 연도와 전년
-- datasets: traffic_accidents
-- description: Sums of the 25 districts over the twelve months of each year.
-- column: year INTEGER
-- column: accidents BIGINT
-- column: deaths BIGINT
-- column: injuries BIGINT
-- column: months BIGINT
WITH yearly AS (
    SELECT year(month)::INTEGER AS year, sum(accidents) AS accidents, sum(deaths) AS deaths,
           sum(injuries) AS injuries, count(DISTINCT month) AS months
    FROM traffic_accidents GROUP BY 1
)
SELECT * FROM yearly WHERE months = 12 ORDER BY year DESC LIMIT 2

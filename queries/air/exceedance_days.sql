-- title_en: Days above the Korean 24-hour standard and the WHO 24-hour guideline
-- title_ko: 24시간 대기환경기준·WHO 권고기준을 넘은 날
-- datasets: air_daily, gu_boundaries
-- description: A day counts when the daily mean is strictly above the limit. Districts use their urban station's daily value; Seoul uses the daily mean over the district stations with a value. days_with_data is the base (missing days are neither counted as clean nor as exceeding). A negative limit means there is no such 24-hour limit for the pollutant (the count is then NULL).
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- param: korea_limit DOUBLE = 35
-- param: who_limit DOUBLE = 15
-- column: year INTEGER
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: is_city BOOLEAN
-- column: days_in_year BIGINT
-- column: days_with_data BIGINT
-- column: days_over_korea BIGINT
-- column: days_over_who BIGINT
-- column: share_over_korea DOUBLE
-- column: share_over_who DOUBLE
WITH readings AS (
    SELECT date, gu, value
    FROM stg_air_daily
    WHERE pollutant = $pollutant AND station_type = 'urban'
), city_daily AS (
    SELECT date, avg(value) AS value FROM readings GROUP BY date
), both_levels AS (
    SELECT date, gu, FALSE AS is_city, value FROM readings
    UNION ALL
    SELECT date, NULL, TRUE, value FROM city_daily
), counted AS (
    SELECT year(date)::INTEGER AS yr, gu, is_city,
           count(value) AS days_with_data,
           count(*) FILTER (WHERE value > $korea_limit) AS over_korea,
           count(*) FILTER (WHERE value > $who_limit) AS over_who
    FROM both_levels
    GROUP BY ALL
)
SELECT c.yr AS year, c.gu, b.gu_en, c.is_city,
       (make_date(c.yr + 1, 1, 1) - make_date(c.yr, 1, 1))::BIGINT AS days_in_year,
       c.days_with_data,
       CASE WHEN $korea_limit >= 0 THEN c.over_korea END AS days_over_korea,
       CASE WHEN $who_limit >= 0 THEN c.over_who END AS days_over_who,
       CASE WHEN $korea_limit >= 0 THEN c.over_korea / nullif(c.days_with_data, 0) END AS share_over_korea,
       CASE WHEN $who_limit >= 0 THEN c.over_who / nullif(c.days_with_data, 0) END AS share_over_who
FROM counted c LEFT JOIN gu_boundaries b ON b.gu = c.gu
ORDER BY c.is_city DESC, c.gu, c.yr

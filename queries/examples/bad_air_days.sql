-- title_en: Days with 'bad' PM2.5 per year (citywide daily mean above 35 µg/m³)
-- title_ko: 연도별 초미세먼지 '나쁨' 일수 (서울 일평균 35 µg/m³ 초과)
-- datasets: air_daily
-- description: A day counts when the mean of the urban stations' daily PM2.5 exceeds 35 µg/m³ (the Korean 'bad' grade
-- description: starts at 36). Days without any PM2.5 value are counted separately, never as good days.
-- param: threshold DOUBLE = 35 -- µg/m³
-- column: year INTEGER
-- column: days_over BIGINT
-- column: days_measured BIGINT
-- column: days_without_value BIGINT
WITH city AS (
    SELECT date, avg(pm25_ugm3) AS pm25
    FROM air_daily
    WHERE station_type = 'urban'
    GROUP BY date
)
SELECT CAST(year(date) AS INTEGER) AS year,
       count_if(pm25 > $threshold) AS days_over,
       count(pm25) AS days_measured,
       count_if(pm25 IS NULL) AS days_without_value
FROM city
GROUP BY ALL
ORDER BY year

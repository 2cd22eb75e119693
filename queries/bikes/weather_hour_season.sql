-- title_en: Mean rentals per hour by hour of day and season (UCI, Dec 2017 – Nov 2018)
-- title_ko: 시각·계절별 시간당 평균 대여 (UCI, 2017년 12월–2018년 11월)
-- datasets: bike_hourly_weather
-- description: Operating hours only (Functioning Day = Yes); hours = how many hours each mean is based on.
-- column: season VARCHAR
-- column: hour INTEGER
-- column: mean_rentals DOUBLE
-- column: hours BIGINT
SELECT season, hour, avg(rentals) AS mean_rentals, count(*) AS hours
FROM bike_hourly_weather
WHERE functioning_day
GROUP BY season, hour
ORDER BY CASE season WHEN 'Spring' THEN 1 WHEN 'Summer' THEN 2 WHEN 'Autumn' THEN 3 ELSE 4 END, hour

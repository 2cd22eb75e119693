-- title_en: Mean rentals per hour by rainfall (UCI)
-- title_ko: 강수량별 시간당 평균 대여 (UCI)
-- datasets: bike_hourly_weather
-- description: Operating hours 07–22 h only, so night hours do not drag the dry-hour mean down. Rainfall in mm per hour.
-- column: band INTEGER
-- column: rain_band VARCHAR
-- column: mean_rentals DOUBLE
-- column: hours BIGINT
SELECT CASE WHEN rainfall_mm = 0 THEN 1 WHEN rainfall_mm < 1 THEN 2 WHEN rainfall_mm < 5 THEN 3 ELSE 4 END AS band,
       CASE WHEN rainfall_mm = 0 THEN '0 mm' WHEN rainfall_mm < 1 THEN '0.1–0.9 mm'
            WHEN rainfall_mm < 5 THEN '1–4.9 mm' ELSE '5+ mm' END AS rain_band,
       avg(rentals) AS mean_rentals, count(*) AS hours
FROM bike_hourly_weather
WHERE functioning_day AND rainfall_mm IS NOT NULL AND hour BETWEEN 7 AND 22
GROUP BY ALL
ORDER BY band

-- title_en: Mean rentals per hour by temperature, dry and rainy hours (UCI)
-- title_ko: 기온별 시간당 평균 대여, 비 안 온 시간과 비 온 시간 (UCI)
-- datasets: bike_hourly_weather
-- description: Operating hours only. Temperature in 2 °C bands (band = lower edge); rain = rainfall > 0 mm in the hour.
-- description: Bands with fewer than 10 hours are left out (too few to compare).
-- column: temp_band_c DOUBLE
-- column: condition VARCHAR
-- column: mean_rentals DOUBLE
-- column: hours BIGINT
SELECT floor(temp_c / 2) * 2 AS temp_band_c,
       CASE WHEN rainfall_mm > 0 THEN 'rain' ELSE 'dry' END AS condition,
       avg(rentals) AS mean_rentals, count(*) AS hours
FROM bike_hourly_weather
WHERE functioning_day AND temp_c IS NOT NULL AND rainfall_mm IS NOT NULL
GROUP BY ALL
HAVING count(*) >= 10
ORDER BY condition, temp_band_c

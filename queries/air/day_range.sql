-- title_en: First and last day of the daily air record
-- title_ko: 일평균 대기 자료의 처음과 마지막 날
-- datasets: air_daily
-- description: Days on which at least one district (urban) station has any value.
-- column: first_day DATE
-- column: last_day DATE
SELECT min(date) AS first_day, max(date) AS last_day
FROM air_daily
WHERE station_type = 'urban'
  AND coalesce(pm25_ugm3, pm10_ugm3, o3_ppm, no2_ppm, co_ppm, so2_ppm) IS NOT NULL

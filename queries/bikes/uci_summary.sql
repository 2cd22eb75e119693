-- title_en: UCI hourly demand file: totals and operating hours
-- title_ko: UCI 시간대별 수요 자료: 합계와 운영 시간
-- datasets: bike_hourly_weather
-- description: rentals_total sums every hour of the file; hours with Functioning Day = No (system down) all have 0 rentals
-- description: and are left out of the demand charts.
-- column: first_hour TIMESTAMP
-- column: last_hour TIMESTAMP
-- column: hours BIGINT
-- column: operating_hours BIGINT
-- column: non_operating_hours BIGINT
-- column: rentals_total BIGINT
-- column: rentals_in_non_operating_hours BIGINT
-- column: mean_per_operating_hour DOUBLE
SELECT min(hour_start) AS first_hour, max(hour_start) AS last_hour, count(*) AS hours,
       count(*) FILTER (WHERE functioning_day) AS operating_hours,
       count(*) FILTER (WHERE NOT functioning_day) AS non_operating_hours,
       sum(rentals) AS rentals_total,
       coalesce(sum(rentals) FILTER (WHERE NOT functioning_day), 0) AS rentals_in_non_operating_hours,
       avg(rentals) FILTER (WHERE functioning_day) AS mean_per_operating_hour
FROM bike_hourly_weather

-- title_en: Public bike rentals by weekday (Feb–Jun 2021)
-- title_ko: 요일별 공공자전거 대여 건수 (2021년 2–6월)
-- datasets: bike_rentals_daily
-- description: Mean and total daily rentals per weekday (ISO: 1 = Monday) over the days in the file.
-- column: weekday_iso INTEGER
-- column: days BIGINT
-- column: rentals_mean DOUBLE
-- column: rentals_total BIGINT
SELECT CAST(isodow(date) AS INTEGER) AS weekday_iso,
       count(*) AS days,
       round(avg(rentals), 0) AS rentals_mean,
       sum(rentals) AS rentals_total
FROM bike_rentals_daily
GROUP BY ALL
ORDER BY weekday_iso

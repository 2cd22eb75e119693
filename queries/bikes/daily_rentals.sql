-- title_en: Citywide rentals per day (Feb–Jun 2021)
-- title_ko: 하루 대여건수, 서울 전체 (2021년 2–6월)
-- datasets: bike_rentals_daily
-- description: Published daily totals; the 7-day mean covers the day and the six before it (only when all 7 exist).
-- column: date DATE
-- column: rentals INTEGER
-- column: mean_7d DOUBLE
-- column: weekday INTEGER
SELECT date, rentals,
       CASE WHEN count(rentals) OVER w = 7 THEN avg(rentals) OVER w END AS mean_7d,
       isodow(date)::INTEGER AS weekday
FROM bike_rentals_daily
WINDOW w AS (ORDER BY date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
ORDER BY date

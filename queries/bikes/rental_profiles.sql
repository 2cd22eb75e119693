-- title_en: Rentals by hour of day and weekday (Jan 2024 – Apr 2025)
-- title_ko: 시간대·요일별 대여건수 (2024년 1월–2025년 4월)
-- datasets: bike_rental_profiles
-- description: Whole-period citywide totals; share = percent of the dimension's total.
-- param: dimension VARCHAR = 'hour' in (hour, weekday)
-- column: key INTEGER
-- column: label VARCHAR
-- column: rentals BIGINT
-- column: share_pct DOUBLE
SELECT key, label, rentals, 100.0 * rentals / sum(rentals) OVER () AS share_pct
FROM bike_rental_profiles
WHERE dimension = $dimension
ORDER BY key

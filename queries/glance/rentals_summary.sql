-- title_en: Citywide rentals, January 2024 – April 2025
-- title_ko: 서울 전체 대여 건수 (2024년 1월–2025년 4월)
-- datasets: bike_rental_profiles
-- description: Sum over the 24 hour-of-day totals; days = 2024-01-01 … 2025-04-30 (486 days).
-- column: rentals BIGINT
-- column: days INTEGER
-- column: per_day DOUBLE
SELECT sum(rentals) AS rentals,
       (DATE '2025-04-30' - DATE '2024-01-01' + 1)::INTEGER AS days,
       sum(rentals) / (DATE '2025-04-30' - DATE '2024-01-01' + 1) AS per_day
FROM bike_rental_profiles
WHERE dimension = 'hour'

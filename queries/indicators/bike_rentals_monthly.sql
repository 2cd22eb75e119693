-- title_en: Indicator: Ttareungi rentals per month up to a date
-- title_ko: 지표: 기준일까지의 따릉이 월별 대여 건수
-- datasets: bike_rentals_monthly
-- description: Citywide rentals per month, 2017–2025: Seoul's statistics table to 2023-05, the OA-15248 monthly aggregate from 2023-06 (source). A month counts once it has ended.
-- param: as_of DATE = '2100-01-01'
-- column: period DATE
-- column: value BIGINT
-- column: source VARCHAR
SELECT month AS period, rentals AS value, source
FROM bike_rentals_monthly
WHERE last_day(month) <= $as_of
ORDER BY month

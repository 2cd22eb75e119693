-- title_en: Indicator: Ttareungi rentals per month up to a date
-- title_ko: 지표: 기준일까지의 따릉이 월별 대여 건수
-- datasets: bike_station_monthly
-- description: Sum of the per-station monthly file; only the months it covers (no zeros for missing months). A month counts once it has ended.
-- param: as_of DATE = '2100-01-01'
-- column: period DATE
-- column: value BIGINT
-- column: stations BIGINT
SELECT month AS period, sum(rentals) AS value, count(DISTINCT station_no) AS stations
FROM bike_station_monthly
WHERE last_day(month) <= $as_of
GROUP BY month
ORDER BY month

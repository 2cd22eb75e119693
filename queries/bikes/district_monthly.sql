-- title_en: Rentals per district and month (H1 2018, Feb–Jun 2021)
-- title_ko: 자치구별 월 대여건수 (2018년 상반기, 2021년 2–6월)
-- datasets: bike_station_monthly, bike_station_lists, gu_boundaries
-- description: 2021: published station group (= district); 정비센터 and 그룹명 없음 are left out.
-- description: 2018: station number joined to the 2018 list, else to a later list (numbers are stable).
-- column: month DATE
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: rentals BIGINT
-- column: returns BIGINT
-- column: stations BIGINT
SELECT u.month, u.gu, b.gu_en, sum(u.rentals) AS rentals, sum(u.returns) AS returns,
       count(DISTINCT u.station_no) AS stations
FROM int_bike_station_monthly_gu u
JOIN gu_boundaries b USING (gu)
GROUP BY ALL
ORDER BY u.month, u.gu

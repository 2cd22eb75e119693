-- title_en: Stations and racks per district in each published list
-- title_ko: 목록별 자치구 대여소·거치대 수
-- datasets: bike_station_lists, gu_boundaries
-- description: Counts per district as published (자치구 column of each list). Racks = QR if present, else LCD.
-- column: list_date DATE
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: stations BIGINT
-- column: racks BIGINT
SELECT s.list_date, s.gu, b.gu_en, count(*) AS stations, sum(s.racks) AS racks
FROM bike_stations s
LEFT JOIN gu_boundaries b USING (gu)
GROUP BY ALL
ORDER BY s.list_date, s.gu

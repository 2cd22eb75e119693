-- title_en: Stations and racks in each published station list
-- title_ko: 공개 목록별 대여소·거치대 수
-- datasets: bike_station_lists
-- description: Racks use the QR count where present, else LCD (never their sum: 2023 double-counts 119 stations).
-- column: list_date DATE
-- column: stations BIGINT
-- column: racks BIGINT
SELECT list_date, count(*) AS stations, sum(racks) AS racks
FROM bike_stations
GROUP BY list_date
ORDER BY list_date

-- title_en: Public bike stations and racks per district, by published list
-- title_ko: 공개 목록별 자치구 공공자전거 대여소·거치대 수
-- datasets: bike_station_lists
-- description: Stations and racks (QR count if present, else LCD, never the sum) per district in each published list.
-- column: list_date DATE
-- column: gu VARCHAR
-- column: stations BIGINT
-- column: racks BIGINT
SELECT list_date, gu, count(*) AS stations, sum(racks) AS racks
FROM bike_stations
GROUP BY ALL
ORDER BY list_date, stations DESC, gu

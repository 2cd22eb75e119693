-- title_en: Indicator map: Ttareungi stations and racks per district in one published list
-- title_ko: 지표 지도: 한 공개 목록의 자치구별 따릉이 대여소·거치대 수
-- datasets: bike_station_lists, gu_boundaries
-- param: period DATE = '2023-06-01'
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
-- column: stations BIGINT
-- column: racks BIGINT
WITH per_gu AS (
    SELECT gu, count(*) AS stations, sum(racks) AS racks FROM bike_stations WHERE list_date = $period GROUP BY gu
)
SELECT b.gu, b.gu_en, b.geometry_json, p.stations, p.racks
FROM gu_boundaries b LEFT JOIN per_gu p USING (gu)
ORDER BY b.gu

-- title_en: Indicator: Ttareungi stations and racks in each published list up to a date
-- title_ko: 지표: 기준일까지 공개된 목록별 따릉이 대여소·거치대 수
-- datasets: bike_station_lists
-- description: Racks use the QR count where present, else LCD (never their sum). A list counts from its publication date.
-- param: as_of DATE = '2100-01-01'
-- param: gu VARCHAR = ''
-- column: period DATE
-- column: stations BIGINT
-- column: racks BIGINT
SELECT list_date AS period, count(*) AS stations, sum(racks) AS racks
FROM bike_stations
WHERE list_date <= $as_of AND ($gu = '' OR gu = $gu)
GROUP BY list_date
ORDER BY list_date

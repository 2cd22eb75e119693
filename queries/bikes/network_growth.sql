-- title_en: How the station network grew (2018, 2021 and 2023 lists)
-- title_ko: 대여소망의 성장 (2018·2021·2023년 목록)
-- datasets: bike_station_lists
-- description: Stations and racks per published list; racks = QR if present, else LCD (never the sum).
-- description: New = station numbers not in the previous list; closed = numbers in the previous list but not this one.
-- param: gu VARCHAR = ''
-- column: list_date DATE
-- column: stations BIGINT
-- column: racks BIGINT
-- column: stations_with_racks BIGINT
-- column: districts BIGINT
-- column: new_stations BIGINT
-- column: closed_stations BIGINT
WITH s AS (
    SELECT * FROM bike_stations WHERE $gu = '' OR gu = $gu
), lists AS (
    SELECT list_date, lag(list_date) OVER (ORDER BY list_date) AS prev_date
    FROM (SELECT DISTINCT list_date FROM bike_stations)
)
SELECT l.list_date,
       (SELECT count(*) FROM s WHERE s.list_date = l.list_date) AS stations,
       (SELECT sum(racks) FROM s WHERE s.list_date = l.list_date) AS racks,
       (SELECT count(racks) FROM s WHERE s.list_date = l.list_date) AS stations_with_racks,
       (SELECT count(DISTINCT gu) FROM s WHERE s.list_date = l.list_date) AS districts,
       CASE WHEN l.prev_date IS NOT NULL THEN
           (SELECT count(*) FROM s cur WHERE cur.list_date = l.list_date AND cur.station_no NOT IN
               (SELECT station_no FROM bike_stations p WHERE p.list_date = l.prev_date)) END AS new_stations,
       CASE WHEN l.prev_date IS NOT NULL THEN
           (SELECT count(*) FROM s prev WHERE prev.list_date = l.prev_date AND prev.station_no NOT IN
               (SELECT station_no FROM bike_stations c WHERE c.list_date = l.list_date)) END AS closed_stations
FROM lists l
ORDER BY l.list_date

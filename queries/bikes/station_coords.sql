-- title_en: Station coordinates by station number (for drawing trips)
-- title_ko: 대여소번호별 좌표 (이동 경로 그리기용)
-- datasets: bike_station_info, bike_station_lists
-- description: May 2025 station table first, else the most recent published list that has the station with coordinates.
-- column: station_no INTEGER
-- column: station_name VARCHAR
-- column: gu VARCHAR
-- column: lat DOUBLE
-- column: lon DOUBLE
WITH candidates AS (
    SELECT station_no, station_name, gu, lat, lon, DATE '2100-01-01' AS vintage
    FROM bike_station_info WHERE station_no IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL
    UNION ALL
    SELECT station_no, station_name, gu, lat, lon, list_date AS vintage
    FROM bike_stations WHERE lat IS NOT NULL AND lon IS NOT NULL
)
SELECT station_no, arg_max(station_name, vintage) AS station_name, arg_max(gu, vintage) AS gu,
       arg_max(lat, vintage) AS lat, arg_max(lon, vintage) AS lon
FROM candidates
GROUP BY station_no
ORDER BY station_no

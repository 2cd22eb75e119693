-- title_en: Stations in a published list, with racks and 2024–25 rentals
-- title_ko: 공개 목록의 대여소 (거치대 수, 2024–25년 대여건수)
-- datasets: bike_station_lists, bike_station_totals
-- description: One row per station in the list of the chosen year (2018-04-09, 2021-06, 2023-06 or 2025-12;
-- description: the December 2025 list publishes no racks).
-- description: Racks = QR count if present, else LCD (never the sum). Rentals are whole-period totals
-- description: Jan 2024 – Apr 2025 joined by station number; NULL where the station has no total (not zero).
-- param: list VARCHAR = '2023' in (2018, 2021, 2023, 2025)
-- param: gu VARCHAR = ''
-- column: station_no INTEGER
-- column: station_name VARCHAR
-- column: gu VARCHAR
-- column: lat DOUBLE
-- column: lon DOUBLE
-- column: racks INTEGER
-- column: installed_on DATE
-- column: rentals_2024_25 BIGINT
SELECT s.station_no, s.station_name, s.gu, s.lat, s.lon, s.racks, s.installed_on,
       t.rentals AS rentals_2024_25
FROM bike_stations s
LEFT JOIN bike_station_totals t USING (station_no)
WHERE year(s.list_date) = CAST($list AS INTEGER)
  AND ($gu = '' OR s.gu = $gu)
ORDER BY s.station_no

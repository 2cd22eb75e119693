-- title_en: Every station in the latest availability snapshot
-- title_ko: 최신 스냅숏의 모든 대여소
-- datasets: bike_live, bike_station_info
-- description: status: empty (0 bikes), few (1–2 bikes), ok, full (bikes ≥ racks). District via the May 2025 station table.
-- param: gu VARCHAR = ''
-- column: station_id VARCHAR
-- column: station_no INTEGER
-- column: station_name VARCHAR
-- column: gu VARCHAR
-- column: lat DOUBLE
-- column: lon DOUBLE
-- column: racks INTEGER
-- column: bikes INTEGER
-- column: shared_pct INTEGER
-- column: status VARCHAR
SELECT l.station_id, l.station_no, l.station_name, i.gu, l.lat, l.lon, l.rack_total AS racks,
       l.bikes_parked AS bikes, l.shared_pct,
       CASE WHEN l.bikes_parked IS NULL THEN NULL
            WHEN l.bikes_parked = 0 THEN 'empty'
            WHEN l.rack_total > 0 AND l.bikes_parked >= l.rack_total THEN 'full'
            WHEN l.bikes_parked <= 2 THEN 'few'
            ELSE 'ok' END AS status
FROM bike_live l
LEFT JOIN bike_station_info i USING (station_id)
WHERE $gu = '' OR i.gu = $gu
ORDER BY l.station_no

-- title_en: Ttareungi availability now (latest snapshot), Seoul or one district
-- title_ko: 지금 따릉이 대여 가능 현황 (최신 스냅숏), 서울 또는 한 자치구
-- datasets: bike_live, bike_station_info
-- description: empty = 0 bikes docked; full = bikes ≥ racks (more bikes than racks is normal for Ttareungi).
-- description: District via the May 2025 station table (ST-id); stations newer than that table have no district.
-- param: gu VARCHAR = ''
-- column: snapshot_at TIMESTAMP
-- column: stations BIGINT
-- column: racks BIGINT
-- column: bikes BIGINT
-- column: empty_stations BIGINT
-- column: full_stations BIGINT
-- column: stations_without_district BIGINT
SELECT max(l.snapshot_at_kst) AS snapshot_at, count(*) AS stations, sum(l.rack_total) AS racks,
       sum(l.bikes_parked) AS bikes,
       count(*) FILTER (WHERE l.bikes_parked = 0) AS empty_stations,
       count(*) FILTER (WHERE l.bikes_parked >= l.rack_total AND l.rack_total > 0) AS full_stations,
       count(*) FILTER (WHERE i.gu IS NULL) AS stations_without_district
FROM bike_live l
LEFT JOIN bike_station_info i USING (station_id)
WHERE $gu = '' OR i.gu = $gu

-- title_en: Availability per district in the latest snapshot
-- title_ko: 최신 스냅숏의 자치구별 대여 가능 현황
-- datasets: bike_live, bike_station_info, gu_boundaries
-- description: empty = 0 bikes; full = bikes ≥ racks. Stations not in the May 2025 station table are in the 'no district' row (gu NULL).
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: stations BIGINT
-- column: racks BIGINT
-- column: bikes BIGINT
-- column: empty_stations BIGINT
-- column: full_stations BIGINT
-- column: empty_pct DOUBLE
SELECT i.gu, b.gu_en, count(*) AS stations, sum(l.rack_total) AS racks, sum(l.bikes_parked) AS bikes,
       count(*) FILTER (WHERE l.bikes_parked = 0) AS empty_stations,
       count(*) FILTER (WHERE l.bikes_parked >= l.rack_total AND l.rack_total > 0) AS full_stations,
       100.0 * count(*) FILTER (WHERE l.bikes_parked = 0) / count(*) AS empty_pct
FROM bike_live l
LEFT JOIN bike_station_info i USING (station_id)
LEFT JOIN gu_boundaries b ON b.gu = i.gu
GROUP BY ALL
ORDER BY empty_pct DESC, i.gu NULLS LAST

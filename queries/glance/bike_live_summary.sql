-- title_en: Ttareungi availability in the latest snapshot
-- title_ko: 최신 스냅숏의 따릉이 대여 가능 현황
-- datasets: bike_live
-- column: snapshot_at TIMESTAMP
-- column: stations BIGINT
-- column: racks BIGINT
-- column: bikes BIGINT
-- column: empty_stations BIGINT
SELECT max(snapshot_at_kst) AS snapshot_at, count(*) AS stations, sum(rack_total) AS racks,
       sum(bikes_parked) AS bikes, count(*) FILTER (WHERE bikes_parked = 0) AS empty_stations
FROM bike_live

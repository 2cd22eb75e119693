-- title_en: Indicator: Ttareungi bikes docked in each availability snapshot up to a date
-- title_ko: 지표: 기준일까지의 따릉이 대여 가능 현황 스냅숏
-- datasets: bike_live
-- description: bikes = bikes parked at stations (available to rent); empty_stations = stations with no bike.
-- param: as_of DATE = '2100-01-01'
-- column: period TIMESTAMP
-- column: bikes BIGINT
-- column: stations BIGINT
-- column: racks BIGINT
-- column: empty_stations BIGINT
SELECT snapshot_at_kst AS period, sum(bikes_parked) AS bikes, count(*) AS stations, sum(rack_total) AS racks,
       count(*) FILTER (WHERE bikes_parked = 0) AS empty_stations
FROM bike_live
WHERE CAST(snapshot_at_kst AS DATE) <= $as_of
GROUP BY snapshot_at_kst
ORDER BY snapshot_at_kst

-- title_en: Indicator map: Ttareungi bikes docked per district in the latest availability snapshot up to a date
-- title_ko: 지표 지도: 기준일까지 최신 스냅숏의 자치구별 따릉이 대여 가능 자전거
-- datasets: bike_live, bike_station_info, gu_boundaries
-- description: Districts from the May 2025 station table; stations not in it are left out of this chart (they count in the citywide total).
-- param: as_of DATE = '2100-01-01'
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
-- column: bikes BIGINT
-- column: empty_stations BIGINT
WITH per_gu AS (
    SELECT i.gu, sum(l.bikes_parked) AS bikes, count(*) FILTER (WHERE l.bikes_parked = 0) AS empty_stations
    FROM bike_live l JOIN bike_station_info i USING (station_id)
    WHERE l.snapshot_at_kst = (SELECT max(snapshot_at_kst) FROM bike_live WHERE CAST(snapshot_at_kst AS DATE) <= $as_of)
    GROUP BY i.gu
)
SELECT b.gu, b.gu_en, b.geometry_json, p.bikes, p.empty_stations
FROM gu_boundaries b LEFT JOIN per_gu p USING (gu)
ORDER BY b.gu

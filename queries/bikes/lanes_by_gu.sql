-- title_en: Bicycle-lane kilometres by district and lane type
-- title_ko: 자치구·자전거도로 종류별 길이
-- datasets: bike_lanes, gu_boundaries
-- description: District from the feature's address; 9 features outside Seoul are left out.
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: lane_type VARCHAR
-- column: length_km DOUBLE
-- column: features BIGINT
SELECT l.gu, b.gu_en, coalesce(l.lane_type, '(unknown)') AS lane_type, sum(l.length_km) AS length_km, count(*) AS features
FROM bike_lanes l
JOIN gu_boundaries b USING (gu)
GROUP BY ALL
ORDER BY l.gu, length_km DESC

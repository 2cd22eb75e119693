-- title_en: Bicycle-lane kilometres by lane type
-- title_ko: 자전거도로 종류별 길이
-- datasets: bike_lanes
-- description: Sum of the published length (총 연장, km) of Smart Map lane features; features without a length are excluded and counted.
-- param: gu VARCHAR = ''
-- column: lane_type VARCHAR
-- column: features BIGINT
-- column: length_km DOUBLE
-- column: features_without_length BIGINT
SELECT coalesce(lane_type, '(unknown)') AS lane_type, count(*) AS features, sum(length_km) AS length_km,
       count(*) - count(length_km) AS features_without_length
FROM bike_lanes
WHERE $gu = '' OR gu = $gu
GROUP BY 1
ORDER BY length_km DESC

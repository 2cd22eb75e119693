-- title_en: Bicycle lanes (Smart Map) as paths
-- title_ko: 자전거도로 (스마트서울맵) 경로
-- datasets: bike_lanes
-- description: One row per lane feature; path_json is [[lon, lat], …]. gu is NULL for the 9 features outside Seoul.
-- param: gu VARCHAR = ''
-- column: lane_id VARCHAR
-- column: name VARCHAR
-- column: gu VARCHAR
-- column: lane_type VARCHAR
-- column: length_km DOUBLE
-- column: path_json VARCHAR
SELECT lane_id, name, gu, lane_type, length_km, path_json
FROM bike_lanes
WHERE $gu = '' OR gu = $gu
ORDER BY lane_id

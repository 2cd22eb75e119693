-- title_en: Bicycle-road link network as paths
-- title_ko: 자전거도로 링크 네트워크 경로
-- datasets: bike_road_network
-- description: The links whose midpoint lies within the given bounds (default: all 12,631 links, ≈1,032 km); path_json is [[lon, lat], …]. Links carry no district.
-- param: west DOUBLE = -180
-- param: south DOUBLE = -90
-- param: east DOUBLE = 180
-- param: north DOUBLE = 90
-- column: link_id BIGINT
-- column: length_m DOUBLE
-- column: road_name VARCHAR
-- column: path_json VARCHAR
SELECT link_id, length_m, road_name, path_json
FROM bike_road_links
WHERE mid_lon BETWEEN $west AND $east AND mid_lat BETWEEN $south AND $north
ORDER BY link_id

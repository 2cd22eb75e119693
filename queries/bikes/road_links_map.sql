-- title_en: Bicycle-road link network as paths
-- title_ko: 자전거도로 링크 네트워크 경로
-- datasets: bike_road_network
-- description: All 12,631 links (≈1,032 km); path_json is [[lon, lat], …]. Links carry no district.
-- column: link_id BIGINT
-- column: length_m DOUBLE
-- column: road_name VARCHAR
-- column: path_json VARCHAR
SELECT link_id, length_m, road_name, path_json FROM bike_road_links ORDER BY link_id

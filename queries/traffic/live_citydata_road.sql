-- title_en: Live road traffic at Seoul hotspots (latest per place)
-- title_ko: 주요 장소 실시간 도로 소통 (장소별 최신 값)
-- datasets: citydata_road
-- description: The newest road-traffic summary of each configured place from the real-time city data service: average speed of the surrounding roads and the level (원활 free-flowing / 서행 slow / 정체 congested).
-- column: area_code VARCHAR
-- column: area_name VARCHAR
-- column: observed_at TIMESTAMP
-- column: avg_speed_kmh DOUBLE
-- column: traffic_index VARCHAR
-- column: road_message VARCHAR
-- column: fetched_at TIMESTAMP
SELECT area_code, arg_max(area_name, fetched_at) AS area_name, arg_max(observed_at, fetched_at) AS observed_at,
       arg_max(avg_speed_kmh, fetched_at) AS avg_speed_kmh, arg_max(traffic_index, fetched_at) AS traffic_index,
       arg_max(road_message, fetched_at) AS road_message, max(fetched_at) AS fetched_at
FROM citydata_road GROUP BY area_code ORDER BY avg_speed_kmh NULLS LAST

-- title_en: Live road speeds by link (latest poll per link)
-- title_ko: 실시간 링크별 도로 속도 (링크별 최신 값)
-- datasets: traffic_speed_live
-- description: The newest value of each configured TOPIS link from the TrafficInfo service.
-- column: link_id VARCHAR
-- column: speed_kmh DOUBLE
-- column: travel_time_s DOUBLE
-- column: fetched_at TIMESTAMP
SELECT link_id, arg_max(speed_kmh, fetched_at) AS speed_kmh, arg_max(travel_time_s, fetched_at) AS travel_time_s,
       max(fetched_at) AS fetched_at
FROM traffic_speed_live GROUP BY link_id ORDER BY speed_kmh

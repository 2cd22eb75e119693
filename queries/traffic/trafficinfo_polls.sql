-- title_en: Speeds of link 1220003800 polled from TrafficInfo, August–September 2018
-- title_ko: 링크 1220003800 속도 기록 (TrafficInfo, 2018년 8–9월)
-- datasets: topis_trafficinfo_polls
-- description: Every poll with the minutes since the previous one (charts break the line where polls are more than 45 minutes apart).
-- column: polled_at TIMESTAMP
-- column: link_id VARCHAR
-- column: speed_kmh DOUBLE
-- column: travel_time_s DOUBLE
-- column: minutes_since_previous DOUBLE
SELECT polled_at, link_id, speed_kmh, travel_time_s,
       date_diff('second', lag(polled_at) OVER (PARTITION BY link_id ORDER BY polled_at), polled_at) / 60.0 AS minutes_since_previous
FROM topis_trafficinfo_polls
ORDER BY link_id, polled_at

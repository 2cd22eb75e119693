-- title_en: The slowest TOPIS links at a given hour
-- title_ko: 선택한 시간대에 가장 느린 도로 구간 (TOPIS)
-- datasets: topis_link_speed
-- description: Mean speed per link over the days loaded, at the chosen hour (0 = 00:00–01:00; -1 = all hours). Links with fewer than min_obs values are left out. Imported rows replace excerpt rows for the same link, date and hour.
-- param: hour INTEGER = 18  -- 0–23, or -1 for the whole day
-- param: day_type VARCHAR = 'all' in (all, weekday, weekend)
-- param: top INTEGER = 15
-- param: min_obs INTEGER = 1
-- column: link_id VARCHAR
-- column: road_name VARCHAR
-- column: from_name VARCHAR
-- column: to_name VARCHAR
-- column: direction VARCHAR
-- column: road_class VARCHAR
-- column: zone VARCHAR
-- column: length_m DOUBLE
-- column: mean_speed DOUBLE
-- column: observations BIGINT
-- column: days BIGINT
-- column: sample_only BOOLEAN
SELECT link_id, any_value(road_name) AS road_name, any_value(from_name) AS from_name, any_value(to_name) AS to_name,
       any_value(direction) AS direction, any_value(road_class) AS road_class, any_value(zone) AS zone,
       any_value(length_m) AS length_m, avg(speed_kmh) AS mean_speed, count(speed_kmh) AS observations,
       count(DISTINCT date) AS days, bool_and(is_sample) AS sample_only
FROM int_topis_link_speed
WHERE ($hour < 0 OR hour = $hour)
  AND ($day_type = 'all' OR day_type = $day_type)
GROUP BY link_id
HAVING count(speed_kmh) >= $min_obs
ORDER BY mean_speed ASC, link_id
LIMIT $top

-- title_en: TOPIS link speeds at an hour, with each link's shape for a map
-- title_ko: 시간대별 도로 구간 속도와 구간 도형 (지도용)
-- datasets: topis_link_speed, topis_links
-- description: Mean speed per link over the days loaded at the chosen hour (0 = 00:00–01:00; -1 = all hours), joined to the 2025 TOPIS service-link shapes by link ID.
-- description: path_json is NULL for a link missing from the 2025 link table (renumbered or removed since): it cannot be drawn. Imported rows replace excerpt rows.
-- param: hour INTEGER = 8  -- 0–23, or -1 for the whole day
-- param: day_type VARCHAR = 'all' in (all, weekday, weekend)
-- column: link_id VARCHAR
-- column: road_name VARCHAR
-- column: from_name VARCHAR
-- column: to_name VARCHAR
-- column: direction VARCHAR
-- column: road_class VARCHAR
-- column: mean_speed DOUBLE
-- column: observations BIGINT
-- column: sample_only BOOLEAN
-- column: mid_lat DOUBLE
-- column: mid_lon DOUBLE
-- column: path_json VARCHAR
WITH per_link AS (
    SELECT link_id, any_value(road_name) AS road_name, any_value(from_name) AS from_name, any_value(to_name) AS to_name,
           any_value(direction) AS direction, any_value(road_class) AS road_class, avg(speed_kmh) AS mean_speed,
           count(speed_kmh) AS observations, bool_and(is_sample) AS sample_only
    FROM int_topis_link_speed
    WHERE ($hour < 0 OR hour = $hour) AND ($day_type = 'all' OR day_type = $day_type)
    GROUP BY link_id
)
SELECT p.*, l.mid_lat, l.mid_lon, l.path_json
FROM per_link p LEFT JOIN topis_links l USING (link_id)
ORDER BY p.mean_speed, p.link_id

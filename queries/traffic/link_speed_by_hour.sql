-- title_en: TOPIS link speeds by hour of day and road class
-- title_ko: 시간대·도로 기능별 평균 통행속도 (TOPIS)
-- datasets: topis_link_speed
-- description: Mean of the hourly link speeds (each link-hour counts once; missing values excluded). Where an imported month and the bundled excerpt cover the same link, date and hour, the imported row is used.
-- description: day_type: weekday = 요일 월–금 as published; weekend = 토·일 (TOPIS writes 일 for public holidays too).
-- param: day_type VARCHAR = 'all' in (all, weekday, weekend)
-- column: road_class VARCHAR
-- column: hour INTEGER
-- column: mean_speed DOUBLE
-- column: links BIGINT
-- column: days BIGINT
-- column: observations BIGINT
-- column: sample_only BOOLEAN
SELECT coalesce(road_class, '?') AS road_class, hour, avg(speed_kmh) AS mean_speed,
       count(DISTINCT link_id) AS links, count(DISTINCT date) AS days, count(speed_kmh) AS observations,
       bool_and(is_sample) AS sample_only
FROM int_topis_link_speed
WHERE $day_type = 'all' OR day_type = $day_type
GROUP BY ALL
ORDER BY road_class, hour

-- title_en: Urban expressways: average vehicles per hour of day, by route and direction
-- title_ko: 도시고속도로 노선·방향별 시간대 평균 교통량
-- datasets: expressway_hourly
-- description: 서울시설공단's average hourly volumes (file version 2025-05-07; the reference period is not stated, probably 2024). hour 0 = 00:00–01:00.
-- description: route = '' gives every route; share_of_day = the hour's share of the route and direction's 24-hour total.
-- param: route VARCHAR = ''
-- column: route VARCHAR
-- column: direction VARCHAR
-- column: hour INTEGER
-- column: volume DOUBLE
-- column: share_of_day DOUBLE
SELECT route, direction, hour, volume, volume / sum(volume) OVER (PARTITION BY route, direction) AS share_of_day
FROM expressway_hourly
WHERE $route = '' OR route = $route
ORDER BY route, direction, hour

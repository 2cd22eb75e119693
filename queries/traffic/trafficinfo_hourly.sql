-- title_en: Link 1220003800: mean speed by hour of day, working days against weekends (2018 polls)
-- title_ko: 링크 1220003800 시간대별 평균 속도: 평일과 주말 (2018년 기록)
-- datasets: topis_trafficinfo_polls
-- description: Mean of the polled speeds in each clock hour; polls = how many values. Weekend = Saturday and Sunday (public holidays are not marked in this file).
-- column: day_type VARCHAR
-- column: hour INTEGER
-- column: mean_speed DOUBLE
-- column: polls BIGINT
-- column: days BIGINT
SELECT CASE WHEN isodow(polled_at) >= 6 THEN 'weekend' ELSE 'weekday' END AS day_type,
       hour(polled_at)::INTEGER AS hour, avg(speed_kmh) AS mean_speed, count(speed_kmh) AS polls,
       count(DISTINCT polled_at::DATE) AS days
FROM topis_trafficinfo_polls GROUP BY ALL ORDER BY day_type, hour

-- title_en: Vehicles per hour at a TOPIS survey point: working days against weekends and holidays
-- title_ko: 조사지점 시간대별 교통량: 평일과 주말·공휴일
-- datasets: topis_spot_volume
-- description: Mean vehicles in each hour over the days loaded, per direction (all segments of a direction summed first). day_type follows the published 요일: 월–금 = working day, 토·일 = weekend or public holiday (TOPIS writes 일 for holidays).
-- param: spot VARCHAR = 'A-01'
-- column: direction VARCHAR
-- column: day_type VARCHAR
-- column: hour INTEGER
-- column: mean_volume DOUBLE
-- column: days BIGINT
-- column: sample_only BOOLEAN
WITH per_hour AS (
    SELECT * FROM int_topis_spot_volume_hourly WHERE spot_num = $spot
)
SELECT direction, CASE WHEN weekday_ko IN ('토', '일') THEN 'weekend' ELSE 'weekday' END AS day_type, hour,
       avg(volume) AS mean_volume, count(volume) AS days, bool_and(is_sample) AS sample_only
FROM per_hour GROUP BY ALL ORDER BY direction, day_type, hour

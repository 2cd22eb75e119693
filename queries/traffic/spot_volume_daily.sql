-- title_en: Vehicles per day at a TOPIS survey point
-- title_ko: 조사지점 일별 교통량
-- datasets: topis_spot_volume
-- description: Sum of the 24 hours per direction and day; a day with any missing hour has no total (NULL), never a partial sum.
-- param: spot VARCHAR = 'A-01'
-- column: date DATE
-- column: weekday_ko VARCHAR
-- column: direction VARCHAR
-- column: daily_volume BIGINT
-- column: hours_reported BIGINT
-- column: sample_only BOOLEAN
WITH per_hour AS (
    SELECT * FROM int_topis_spot_volume_hourly WHERE spot_num = $spot
)
SELECT date, any_value(weekday_ko) AS weekday_ko, direction,
       CASE WHEN count(volume) = 24 THEN sum(volume) END AS daily_volume,
       count(volume) AS hours_reported, bool_and(is_sample) AS sample_only
FROM per_hour GROUP BY date, direction ORDER BY direction, date

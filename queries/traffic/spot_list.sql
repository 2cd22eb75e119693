-- title_en: TOPIS survey points loaded
-- title_ko: 불러온 TOPIS 교통량 조사지점
-- datasets: topis_spot_volume
-- column: spot_num VARCHAR
-- column: spot_name VARCHAR
-- column: days BIGINT
-- column: first_date DATE
-- column: last_date DATE
-- column: sample_only BOOLEAN
SELECT spot_num, any_value(spot_name) AS spot_name, count(DISTINCT date) AS days, min(date) AS first_date,
       max(date) AS last_date, bool_and(is_sample) AS sample_only
FROM topis_spot_volume GROUP BY spot_num ORDER BY spot_num

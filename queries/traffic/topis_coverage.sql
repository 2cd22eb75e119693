-- title_en: What TOPIS speed and count data is loaded: bundled excerpt or imported months
-- title_ko: 불러온 TOPIS 속도·교통량 자료: 기본 발췌본인지 가져온 월 자료인지
-- datasets: topis_link_speed, topis_spot_volume
-- description: One row per dataset and source file: dates covered, how many links or survey points, and whether the rows are the bundled excerpt (is_sample).
-- column: dataset VARCHAR
-- column: source_file VARCHAR
-- column: is_sample BOOLEAN
-- column: first_date DATE
-- column: last_date DATE
-- column: days BIGINT
-- column: places BIGINT
-- column: rows BIGINT
SELECT 'topis_link_speed' AS dataset, source_file, bool_and(is_sample) AS is_sample, min(date) AS first_date,
       max(date) AS last_date, count(DISTINCT date) AS days, count(DISTINCT link_id) AS places, count(*) AS rows
FROM topis_link_speed GROUP BY source_file
UNION ALL
SELECT 'topis_spot_volume', source_file, bool_and(is_sample), min(date), max(date), count(DISTINCT date),
       count(DISTINCT spot_num), count(*)
FROM topis_spot_volume GROUP BY source_file
ORDER BY 1, 3, 4

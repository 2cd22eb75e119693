-- title_en: Mean rentals per hour by fine-dust grade (AIVLE teaching subset, Apr–Nov 2021)
-- title_ko: 미세먼지 등급별 시간당 평균 대여 (AIVLE 교육용 일부 자료, 2021년 4–11월)
-- datasets: bike_hourly_aivle
-- description: Korean grades (AirKorea): PM10 ≤30 좋음, ≤80 보통, ≤150 나쁨, above 매우나쁨; PM2.5 ≤15, ≤35, ≤75
-- description: (same as domain/air_grades.py). Hours 07–22 h only. Hours without a reading are excluded and counted.
-- description: The file covers an unknown subset of stations: compare grades, do not read the levels as citywide.
-- param: pollutant VARCHAR = 'pm10' in (pm10, pm25)
-- column: grade_no INTEGER
-- column: grade VARCHAR
-- column: mean_rentals DOUBLE
-- column: hours BIGINT
-- column: hours_without_reading BIGINT
WITH h AS (
    SELECT value, rentals FROM stg_bike_hourly_aivle WHERE pollutant = $pollutant AND hour BETWEEN 7 AND 22
), graded AS (
    SELECT CASE WHEN value IS NULL THEN NULL
                WHEN value <= CASE $pollutant WHEN 'pm10' THEN 30 ELSE 15 END THEN 1
                WHEN value <= CASE $pollutant WHEN 'pm10' THEN 80 ELSE 35 END THEN 2
                WHEN value <= CASE $pollutant WHEN 'pm10' THEN 150 ELSE 75 END THEN 3
                ELSE 4 END AS grade_no, rentals
    FROM h
)
SELECT grade_no, ['좋음', '보통', '나쁨', '매우나쁨'][grade_no] AS grade, avg(rentals) AS mean_rentals,
       count(*) AS hours, (SELECT count(*) FROM graded WHERE grade_no IS NULL) AS hours_without_reading
FROM graded
WHERE grade_no IS NOT NULL
GROUP BY grade_no
ORDER BY grade_no

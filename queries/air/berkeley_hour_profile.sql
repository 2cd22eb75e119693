-- title_en: Hour-of-day profile of modelled PM2.5 (Berkeley Earth, 2014–2022)
-- title_ko: 시간대별 초미세먼지 (Berkeley Earth 모델, 2014–2022)
-- datasets: air_pm25_berkeley
-- description: Secondary, modelled series (CC BY-NC). Hours as labelled in the source, converted from UTC to KST. Missing hours excluded.
-- column: hour_of_day INTEGER
-- column: mean_pm25 DOUBLE
-- column: hours_n BIGINT
SELECT hour(measured_at_kst)::INTEGER AS hour_of_day, avg(pm25_ugm3) AS mean_pm25, count(pm25_ugm3) AS hours_n
FROM air_pm25_berkeley
GROUP BY 1
ORDER BY 1

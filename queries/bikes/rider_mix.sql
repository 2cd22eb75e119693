-- title_en: Who rides: Ttareungi rentals by gender or by age band per year, 2019–2025
-- title_ko: 누가 타나: 성별·연령대별 따릉이 대여 (연도별, 2019–2025)
-- datasets: bike_rider_mix
-- description: OA-15248 aggregates; 2019 has 11 months (December is missing from this source). share = the group's share of the year's rentals.
-- description: Gender is often not recorded (unknown). Age bands: ~10대 = under 20, 기타 = not recorded.
-- param: dimension VARCHAR = 'age' in (age, gender)
-- column: year INTEGER
-- column: group VARCHAR
-- column: rentals BIGINT
-- column: share DOUBLE
-- column: months BIGINT
SELECT year(month)::INTEGER AS year, "group", sum(rentals)::BIGINT AS rentals,
       sum(rentals) / sum(sum(rentals)) OVER (PARTITION BY year(month)) AS share, count(DISTINCT month) AS months
FROM bike_rider_mix
WHERE dimension = $dimension
GROUP BY year(month), "group"
ORDER BY year, CASE "group" WHEN '~10대' THEN '10' WHEN '기타' THEN 'zz' WHEN 'unknown' THEN 'zz' ELSE "group" END

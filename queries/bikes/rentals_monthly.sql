-- title_en: Ttareungi rentals per month, citywide or in one district, 2017–2025
-- title_ko: 따릉이 월별 대여 건수 (서울 전체 또는 한 자치구, 2017–2025)
-- datasets: bike_rentals_monthly, bike_rentals_gu_monthly
-- description: Seoul's statistics table of rentals by district to 2023-05, the OA-15248 monthly aggregate from 2023-06 (source names which).
-- description: gu = '' gives Seoul; a district counts the rentals started at its stations. change_yoy = rentals − the same month a year before.
-- param: gu VARCHAR = ''
-- column: month DATE
-- column: rentals BIGINT
-- column: source VARCHAR
-- column: change_yoy BIGINT
WITH series AS (
    SELECT month, rentals, source FROM bike_rentals_monthly WHERE $gu = ''
    UNION ALL
    SELECT month, rentals, source FROM bike_rentals_gu_monthly WHERE $gu <> '' AND gu = $gu
)
SELECT s.month, s.rentals, s.source, s.rentals - y.rentals AS change_yoy
FROM series s LEFT JOIN series y ON y.month = s.month - INTERVAL 1 YEAR
ORDER BY s.month

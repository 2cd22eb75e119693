-- title_en: Stations in the consistent roadside and urban sets
-- title_ko: 분석에 쓴 도로변·도시대기 측정소
-- datasets: air_daily
-- description: Stations that report in every year of the file; the others (opened or closed within the period) are listed with included = false.
-- column: station_type VARCHAR
-- column: station VARCHAR
-- column: first_date DATE
-- column: last_date DATE
-- column: included BOOLEAN
WITH years AS (SELECT count(DISTINCT year(date)) AS n FROM air_daily)
SELECT station_type, station, min(date) AS first_date, max(date) AS last_date,
       count(DISTINCT year(date)) = (SELECT n FROM years) AS included
FROM air_daily WHERE station_type IN ('roadside', 'urban')
GROUP BY station_type, station ORDER BY station_type, included DESC, station

-- title_en: Stations in the latest list by year of installation
-- title_ko: 최신 목록 대여소의 설치 연도
-- datasets: bike_station_lists
-- description: From the latest list that publishes racks and install dates (June 2024; the December 2024 and 2025 lists
-- description: do not): stations still operating, counted by the year in 설치시기. Stations closed before it are not in it; 2024 covers January–June.
-- param: gu VARCHAR = ''
-- column: install_year INTEGER
-- column: stations BIGINT
-- column: racks BIGINT
SELECT year(installed_on)::INTEGER AS install_year, count(*) AS stations, sum(racks) AS racks
FROM bike_stations
WHERE list_date = (SELECT max(list_date) FROM bike_stations WHERE racks IS NOT NULL AND installed_on IS NOT NULL)
  AND installed_on IS NOT NULL AND ($gu = '' OR gu = $gu)
GROUP BY 1
ORDER BY 1

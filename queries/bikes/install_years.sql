-- title_en: Stations in the latest list by year of installation
-- title_ko: 최신 목록 대여소의 설치 연도
-- datasets: bike_station_lists
-- description: From the latest list (June 2023): stations still operating, counted by the year in 설치시기.
-- description: Stations closed before June 2023 are not in it; 2023 covers January–May only.
-- param: gu VARCHAR = ''
-- column: install_year INTEGER
-- column: stations BIGINT
-- column: racks BIGINT
SELECT year(installed_on)::INTEGER AS install_year, count(*) AS stations, sum(racks) AS racks
FROM bike_stations
WHERE list_date = (SELECT max(list_date) FROM bike_stations)
  AND installed_on IS NOT NULL AND ($gu = '' OR gu = $gu)
GROUP BY 1
ORDER BY 1

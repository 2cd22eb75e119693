-- title_en: Roadside against district (urban) stations, annual means
-- title_ko: 도로변 측정소와 도시대기 측정소의 연평균
-- datasets: air_daily
-- description: For each pollutant and year, the mean of all daily values at district (urban) stations and at roadside stations (missing excluded); stations = how many had at least one value. difference = roadside − urban; ratio = roadside ÷ urban.
-- column: pollutant VARCHAR
-- column: year INTEGER
-- column: urban_mean DOUBLE
-- column: roadside_mean DOUBLE
-- column: difference DOUBLE
-- column: ratio DOUBLE
-- column: urban_stations BIGINT
-- column: roadside_stations BIGINT
-- column: urban_values BIGINT
-- column: roadside_values BIGINT
WITH readings AS (
    -- UNPIVOT drops NULLs, so missing values never enter a mean or a count.
    UNPIVOT (
        SELECT year(date)::INTEGER AS yr, station, station_type,
               pm25_ugm3 AS pm25, pm10_ugm3 AS pm10, o3_ppm AS o3, no2_ppm AS no2, co_ppm AS co, so2_ppm AS so2
        FROM air_daily
        WHERE station_type IN ('urban', 'roadside')
    ) ON pm25, pm10, o3, no2, co, so2 INTO NAME pollutant VALUE value
), by_type AS (
    SELECT pollutant, yr,
           avg(value) FILTER (WHERE station_type = 'urban') AS urban_mean,
           avg(value) FILTER (WHERE station_type = 'roadside') AS roadside_mean,
           count(DISTINCT station) FILTER (WHERE station_type = 'urban') AS urban_stations,
           count(DISTINCT station) FILTER (WHERE station_type = 'roadside') AS roadside_stations,
           count(value) FILTER (WHERE station_type = 'urban') AS urban_values,
           count(value) FILTER (WHERE station_type = 'roadside') AS roadside_values
    FROM readings
    GROUP BY pollutant, yr
)
SELECT pollutant, yr AS year, urban_mean, roadside_mean, roadside_mean - urban_mean AS difference,
       roadside_mean / nullif(urban_mean, 0) AS ratio,
       urban_stations, roadside_stations, urban_values, roadside_values
FROM by_type
ORDER BY CASE pollutant WHEN 'pm25' THEN 1 WHEN 'pm10' THEN 2 WHEN 'o3' THEN 3 WHEN 'no2' THEN 4
                        WHEN 'co' THEN 5 ELSE 6 END, yr

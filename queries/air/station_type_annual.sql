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
WITH per_station AS (
    -- Sums and counts per station and year first (a few hundred rows), then reshape.
    SELECT year(date)::INTEGER AS yr, station, station_type,
           sum(pm25_ugm3) AS s_pm25, count(pm25_ugm3) AS n_pm25, sum(pm10_ugm3) AS s_pm10, count(pm10_ugm3) AS n_pm10,
           sum(o3_ppm) AS s_o3, count(o3_ppm) AS n_o3, sum(no2_ppm) AS s_no2, count(no2_ppm) AS n_no2,
           sum(co_ppm) AS s_co, count(co_ppm) AS n_co, sum(so2_ppm) AS s_so2, count(so2_ppm) AS n_so2
    FROM air_daily
    WHERE station_type IN ('urban', 'roadside')
    GROUP BY ALL
), long AS (
    SELECT yr, station, station_type, p.pollutant, p.total, p.n
    FROM per_station,
         (VALUES ('pm25', s_pm25, n_pm25), ('pm10', s_pm10, n_pm10), ('o3', s_o3, n_o3),
                 ('no2', s_no2, n_no2), ('co', s_co, n_co), ('so2', s_so2, n_so2)) AS p(pollutant, total, n)
), by_type AS (
    -- sum(total) / sum(n) is the mean over every daily value (missing values never counted).
    SELECT pollutant, yr,
           sum(total) FILTER (WHERE station_type = 'urban') / nullif(sum(n) FILTER (WHERE station_type = 'urban'), 0) AS urban_mean,
           sum(total) FILTER (WHERE station_type = 'roadside') / nullif(sum(n) FILTER (WHERE station_type = 'roadside'), 0) AS roadside_mean,
           count(*) FILTER (WHERE station_type = 'urban' AND n > 0) AS urban_stations,
           count(*) FILTER (WHERE station_type = 'roadside' AND n > 0) AS roadside_stations,
           sum(n) FILTER (WHERE station_type = 'urban') AS urban_values,
           sum(n) FILTER (WHERE station_type = 'roadside') AS roadside_values
    FROM long
    GROUP BY pollutant, yr
)
SELECT pollutant, yr AS year, urban_mean, roadside_mean, roadside_mean - urban_mean AS difference,
       roadside_mean / nullif(urban_mean, 0) AS ratio,
       urban_stations, roadside_stations, urban_values, roadside_values
FROM by_type
ORDER BY CASE pollutant WHEN 'pm25' THEN 1 WHEN 'pm10' THEN 2 WHEN 'o3' THEN 3 WHEN 'no2' THEN 4
                        WHEN 'co' THEN 5 ELSE 6 END, yr

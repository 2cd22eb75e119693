-- title_en: Completeness of the daily record per station and year
-- title_ko: 측정소·연도별 일평균 자료 충족률
-- datasets: air_daily, gu_boundaries
-- description: share_<pollutant> = days with a value / days in the calendar year (so a station that opened mid-year shows a low share for that year). days_with_row counts days the station appears at all. station_en is the English district name for the 25 district stations.
-- column: year INTEGER
-- column: station VARCHAR
-- column: station_en VARCHAR
-- column: station_type VARCHAR
-- column: days_in_year BIGINT
-- column: days_with_row BIGINT
-- column: share_pm25 DOUBLE
-- column: share_pm10 DOUBLE
-- column: share_o3 DOUBLE
-- column: share_no2 DOUBLE
-- column: share_co DOUBLE
-- column: share_so2 DOUBLE
WITH counted AS (
    SELECT year(date)::INTEGER AS yr, station, station_type, count(*) AS days_with_row,
           count(pm25_ugm3) AS n_pm25, count(pm10_ugm3) AS n_pm10, count(o3_ppm) AS n_o3,
           count(no2_ppm) AS n_no2, count(co_ppm) AS n_co, count(so2_ppm) AS n_so2
    FROM air_daily
    GROUP BY ALL
), sized AS (
    SELECT *, (make_date(yr + 1, 1, 1) - make_date(yr, 1, 1))::BIGINT AS days_in_year FROM counted
)
SELECT yr AS year, station, b.gu_en AS station_en, station_type, days_in_year, days_with_row,
       n_pm25 / days_in_year AS share_pm25, n_pm10 / days_in_year AS share_pm10, n_o3 / days_in_year AS share_o3,
       n_no2 / days_in_year AS share_no2, n_co / days_in_year AS share_co, n_so2 / days_in_year AS share_so2
FROM sized LEFT JOIN gu_boundaries b ON b.gu = sized.station AND sized.station_type = 'urban'
ORDER BY CASE station_type WHEN 'urban' THEN 0 WHEN 'roadside' THEN 1 ELSE 2 END, station, yr

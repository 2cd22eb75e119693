-- Seoul-wide hourly means (table air_hourly_city) in long form. The source stamps each value
-- at the END of its hour (01–24 h); hour_start is when the measured hour began, so a value
-- stamped 24:00 belongs to 23 h of the day before.
SELECT measured_at, measured_at - INTERVAL 1 HOUR AS hour_start, pollutant, value
FROM air_hourly_city
UNPIVOT INCLUDE NULLS (value FOR pollutant IN (
    pm25_ugm3 AS 'pm25', pm10_ugm3 AS 'pm10', o3_ppm AS 'o3', no2_ppm AS 'no2', co_ppm AS 'co', so2_ppm AS 'so2'))

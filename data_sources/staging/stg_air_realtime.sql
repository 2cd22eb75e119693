-- Real-time station readings (table air_realtime) in long form, one row per reading and
-- pollutant (the index columns cai/cai_grade/main_pollutant stay in the table).
SELECT measured_at, zone, station, pollutant, value
FROM air_realtime
UNPIVOT INCLUDE NULLS (value FOR pollutant IN (
    pm25 AS 'pm25', pm10 AS 'pm10', o3 AS 'o3', no2 AS 'no2', co AS 'co', so2 AS 'so2'))

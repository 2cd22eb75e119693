-- Daily station means (OA-2218, table air_daily) in long form: one row per day, station and
-- pollutant, with the pollutant codes every named query takes (pm25, pm10, o3, no2, co, so2).
-- Units stay as stored: µg/m³ for pm25/pm10, ppm for the gases. A missing measurement stays
-- a row with value NULL, so "reported that day without this pollutant" is still a row.
-- provisional = published but not yet confirmed by Seoul (the catalog's provisional_from).
SELECT date, station, station_type, gu, provisional, pollutant, value
FROM air_daily
UNPIVOT INCLUDE NULLS (value FOR pollutant IN (
    pm25_ugm3 AS 'pm25', pm10_ugm3 AS 'pm10', o3_ppm AS 'o3', no2_ppm AS 'no2', co_ppm AS 'co', so2_ppm AS 'so2'))

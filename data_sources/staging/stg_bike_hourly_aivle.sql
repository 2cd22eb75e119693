-- The AIVLE hourly teaching file (table bike_hourly_aivle) with its two dust columns in long
-- form: one row per hour and pollutant (pm10, pm25), the hour's rentals repeated on each.
SELECT date, hour, rentals, pollutant, value
FROM bike_hourly_aivle
UNPIVOT INCLUDE NULLS (value FOR pollutant IN (pm10_ugm3 AS 'pm10', pm25_ugm3 AS 'pm25'))

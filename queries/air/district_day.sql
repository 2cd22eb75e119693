-- title_en: District values on one day
-- title_ko: 하루의 자치구별 값
-- datasets: air_daily, gu_boundaries
-- description: The daily mean of each district's urban station on the chosen day. A district without a value stays NULL ("no data"), never zero. seoul_mean is the mean over the district stations with a value; stations_reporting is how many had one.
-- param: day DATE = '2025-12-31'
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: station VARCHAR
-- column: value DOUBLE
-- column: seoul_mean DOUBLE
-- column: stations_reporting BIGINT
-- column: centroid_lat DOUBLE
-- column: centroid_lon DOUBLE
-- column: geometry_json VARCHAR
WITH day_values AS (
    SELECT gu, station, value
    FROM stg_air_daily
    WHERE pollutant = $pollutant AND date = $day AND station_type = 'urban'
)
SELECT b.gu, b.gu_en, d.station, d.value,
       avg(d.value) OVER () AS seoul_mean,
       count(d.value) OVER () AS stations_reporting,
       b.centroid_lat, b.centroid_lon,
       b.geometry_json
FROM gu_boundaries b
LEFT JOIN day_values d USING (gu)
ORDER BY b.gu

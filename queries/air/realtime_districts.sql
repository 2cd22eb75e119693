-- title_en: Real-time values per district (latest reading of each station)
-- title_ko: 자치구별 실시간 값 (측정소별 최신 값)
-- datasets: air_realtime, gu_boundaries
-- description: The newest row of each district station in the real-time table, joined to the district shapes. value is the chosen pollutant; a district without a reading has NULL ("no data"). seoul_mean = mean over the districts with a value; stations_reporting = how many.
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: measured_at TIMESTAMP
-- column: zone VARCHAR
-- column: value DOUBLE
-- column: seoul_mean DOUBLE
-- column: stations_reporting BIGINT
-- column: pm25 DOUBLE
-- column: pm10 DOUBLE
-- column: o3 DOUBLE
-- column: no2 DOUBLE
-- column: co DOUBLE
-- column: so2 DOUBLE
-- column: cai DOUBLE
-- column: cai_grade VARCHAR
-- column: main_pollutant VARCHAR
-- column: centroid_lat DOUBLE
-- column: centroid_lon DOUBLE
-- column: geometry_json VARCHAR
WITH latest AS (
    SELECT * FROM air_realtime
    QUALIFY row_number() OVER (PARTITION BY station ORDER BY measured_at DESC) = 1
), chosen AS (
    SELECT station, measured_at, value FROM stg_air_realtime WHERE pollutant = $pollutant
)
SELECT b.gu, b.gu_en, r.measured_at, r.zone, c.value,
       avg(c.value) OVER () AS seoul_mean, count(c.value) OVER () AS stations_reporting,
       r.pm25, r.pm10, r.o3, r.no2, r.co, r.so2, r.cai, r.cai_grade, r.main_pollutant,
       b.centroid_lat, b.centroid_lon, b.geometry_json
FROM gu_boundaries b
LEFT JOIN latest r ON r.station = b.gu
LEFT JOIN chosen c ON c.station = r.station AND c.measured_at = r.measured_at
ORDER BY b.gu

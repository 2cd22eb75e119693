-- title_en: Longest gaps in a station's record
-- title_ko: 측정소 자료의 긴 결측 구간
-- datasets: air_daily, gu_boundaries
-- description: Runs of consecutive days without a value for the pollutant, inside the period the station operated (its first to its last day with any row), at least `min_days` long. Days with no row at all count as missing.
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- param: min_days INTEGER = 7
-- column: station VARCHAR
-- column: station_en VARCHAR
-- column: station_type VARCHAR
-- column: gap_start DATE
-- column: gap_end DATE
-- column: gap_days BIGINT
WITH readings AS (
    SELECT date, station, station_type, value
    FROM stg_air_daily
    WHERE pollutant = $pollutant
), spans AS (
    SELECT station, any_value(station_type) AS station_type, min(date) AS first_day, max(date) AS last_day
    FROM readings GROUP BY station
), spine AS (
    SELECT station, station_type, unnest(generate_series(first_day, last_day, INTERVAL 1 DAY))::DATE AS date FROM spans
), missing AS (
    SELECT s.station, s.station_type, s.date
    FROM spine s LEFT JOIN readings r ON r.station = s.station AND r.date = s.date
    WHERE r.value IS NULL
), runs AS (
    SELECT station, station_type, date,
           date - (row_number() OVER (PARTITION BY station ORDER BY date))::INTEGER AS run_key
    FROM missing
)
SELECT runs.station, any_value(b.gu_en) AS station_en, runs.station_type,
       min(date) AS gap_start, max(date) AS gap_end, count(*) AS gap_days
FROM runs LEFT JOIN gu_boundaries b ON b.gu = runs.station AND runs.station_type = 'urban'
GROUP BY runs.station, runs.station_type, run_key
HAVING count(*) >= $min_days
ORDER BY gap_days DESC, runs.station, gap_start

-- title_en: Daily values and rolling averages, Seoul and chosen districts
-- title_ko: 서울과 선택한 자치구의 일평균과 이동평균
-- datasets: air_daily, gu_boundaries
-- description: One row per calendar day (missing days stay as empty rows so charts show gaps). Seoul = mean over the 25 district stations with a value that day (stations = how many). rolling_mean = mean of the last `window` days with a value, shown only when at least half of those days have one.
-- param: pollutant VARCHAR = 'pm25' in (pm25, pm10, o3, no2, co, so2)
-- param: districts VARCHAR[] = []
-- param: window INTEGER = 30
-- column: date DATE
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: is_city BOOLEAN
-- column: value DOUBLE
-- column: stations BIGINT
-- column: window_days BIGINT
-- column: rolling_mean DOUBLE
WITH readings AS (
    SELECT date, gu, value
    FROM stg_air_daily
    WHERE pollutant = $pollutant AND station_type = 'urban'
), spine AS (
    SELECT unnest(generate_series((SELECT min(date) FROM air_daily), (SELECT max(date) FROM air_daily),
                                  INTERVAL 1 DAY))::DATE AS date
), city AS (
    SELECT date, avg(value) AS value, count(value) AS stations FROM readings GROUP BY date
), series AS (
    SELECT spine.date, NULL::VARCHAR AS gu, NULL::VARCHAR AS gu_en, TRUE AS is_city,
           city.value, coalesce(city.stations, 0) AS stations
    FROM spine LEFT JOIN city USING (date)
    UNION ALL
    SELECT spine.date, g.gu, g.gu_en, FALSE AS is_city, r.value, (r.value IS NOT NULL)::BIGINT AS stations
    FROM spine
    CROSS JOIN (SELECT gu, gu_en FROM gu_boundaries WHERE list_contains($districts, gu)) g
    LEFT JOIN readings r ON r.date = spine.date AND r.gu = g.gu
)
SELECT date, gu, gu_en, is_city, value, stations,
       count(value) OVER w AS window_days,
       CASE WHEN count(value) OVER w * 2 >= $window THEN avg(value) OVER w END AS rolling_mean
FROM series
WINDOW w AS (PARTITION BY gu ORDER BY date ROWS BETWEEN $window - 1 PRECEDING AND CURRENT ROW)
ORDER BY is_city DESC, gu, date

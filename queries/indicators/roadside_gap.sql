-- title_en: Indicator: NO₂ at roadside stations compared with urban-background stations, per complete year
-- title_ko: 지표: 도로변 측정소와 도시대기 측정소의 이산화질소 비교 (끝난 해별)
-- datasets: air_daily
-- description: value = how much higher the roadside stations' annual NO₂ mean is than the urban stations', in percent.
-- description: Both means over all station-days with a value (missing excluded). An association with location, not a measured traffic effect.
-- param: as_of DATE = '2100-01-01'
-- column: period DATE
-- column: value DOUBLE
-- column: roadside DOUBLE
-- column: urban DOUBLE
-- column: coverage BIGINT
WITH yearly AS (
    SELECT make_date(year(date), 1, 1) AS period,
           avg(no2_ppm) FILTER (WHERE station_type = 'roadside') AS roadside,
           avg(no2_ppm) FILTER (WHERE station_type = 'urban') AS urban,
           count(no2_ppm) FILTER (WHERE station_type = 'roadside') AS coverage
    FROM air_daily
    WHERE make_date(year(date), 12, 31) <= $as_of
    GROUP BY 1
)
SELECT period, 100 * (roadside / urban - 1) AS value, roadside, urban, coverage
FROM yearly WHERE roadside IS NOT NULL AND urban > 0
ORDER BY period

-- title_en: Bicycle accidents per 100 stations in the years with a station list
-- title_ko: 대여소 목록이 있는 해의 대여소 100곳당 자전거 교통사고
-- datasets: bike_accidents, bike_station_lists
-- description: accidents hurting a cyclist (victim counts, never added to at-fault ones) in the list's year ÷ stations in that list × 100
-- description: (lists of 2018-04-09, June 2021, June 2023). Seoul, or one district.
-- param: gu VARCHAR = ''
-- column: year INTEGER
-- column: list_date DATE
-- column: accidents BIGINT
-- column: stations BIGINT
-- column: per_100_stations DOUBLE
WITH st AS (
    SELECT list_date, year(list_date)::INTEGER AS year, count(*) AS stations
    FROM bike_stations WHERE $gu = '' OR gu = $gu GROUP BY list_date
), acc AS (
    SELECT year, sum(accidents) AS accidents FROM int_bike_accidents WHERE $gu = '' OR gu = $gu GROUP BY year
)
SELECT st.year, st.list_date, acc.accidents, st.stations, 100.0 * acc.accidents / nullif(st.stations, 0) AS per_100_stations
FROM st LEFT JOIN acc USING (year)
ORDER BY st.year

-- title_en: Busiest stations in a month
-- title_ko: 한 달 동안 가장 많이 빌린 대여소
-- datasets: bike_station_monthly, bike_station_lists
-- description: Stations ranked by rentals in the chosen month (YYYY-MM). District as in the monthly rentals query.
-- param: month VARCHAR = '2021-06'
-- param: gu VARCHAR = ''
-- param: limit INTEGER = 15
-- column: rank BIGINT
-- column: station_no INTEGER
-- column: station_name VARCHAR
-- column: gu VARCHAR
-- column: rentals BIGINT
-- column: returns BIGINT
WITH station_gu AS (
    SELECT station_no, arg_min(gu, list_date) AS gu FROM bike_stations GROUP BY station_no
), usage AS (
    SELECT m.station_no, m.station_name, m.rentals, m.returns,
           CASE WHEN m.source_period = '2021' THEN m.station_group ELSE sg.gu END AS gu
    FROM bike_station_monthly m
    LEFT JOIN station_gu sg USING (station_no)
    WHERE strftime(m.month, '%Y-%m') = $month AND m.station_no IS NOT NULL
)
SELECT row_number() OVER (ORDER BY rentals DESC, station_no) AS rank, station_no, station_name, gu,
       rentals, returns
FROM usage
WHERE $gu = '' OR gu = $gu
ORDER BY rank
LIMIT $limit

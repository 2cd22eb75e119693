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
WITH usage AS (
    SELECT station_no, station_name, rentals, returns, gu
    FROM int_bike_station_monthly_gu
    WHERE strftime(month, '%Y-%m') = $month AND station_no IS NOT NULL
)
SELECT row_number() OVER (ORDER BY rentals DESC, station_no) AS rank, station_no, station_name, gu,
       rentals, returns
FROM usage
WHERE $gu = '' OR gu = $gu
ORDER BY rank
LIMIT $limit

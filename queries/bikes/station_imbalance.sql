-- title_en: Where bikes pile up or run out (returns minus rentals, H1 2018)
-- title_ko: 자전거가 쌓이거나 모자라는 대여소 (반납 − 대여, 2018년 상반기)
-- datasets: bike_station_monthly, bike_station_lists
-- description: Only the 2018 file has returns. net = returns − rentals over the chosen 2018 month
-- description: ('' = January–June): positive = bikes pile up (more returned than rented), negative = they run out
-- description: and must be brought back by truck. Coordinates and district from the 2018 list, else a later list.
-- param: month VARCHAR = ''
-- param: gu VARCHAR = ''
-- column: station_no INTEGER
-- column: station_name VARCHAR
-- column: gu VARCHAR
-- column: lat DOUBLE
-- column: lon DOUBLE
-- column: rentals BIGINT
-- column: returns BIGINT
-- column: net BIGINT
-- column: net_pct DOUBLE
WITH station_info AS (
    SELECT station_no, arg_min(gu, list_date) AS gu,
           arg_min(lat, list_date) FILTER (WHERE lat IS NOT NULL) AS lat,
           arg_min(lon, list_date) FILTER (WHERE lon IS NOT NULL) AS lon
    FROM bike_stations GROUP BY station_no
), usage AS (
    SELECT station_no, any_value(station_name) AS station_name, sum(rentals) AS rentals, sum(returns) AS returns
    FROM bike_station_monthly
    WHERE source_period = '2018H1' AND station_no IS NOT NULL
      AND ($month = '' OR strftime(month, '%Y-%m') = $month)
    GROUP BY station_no
)
SELECT u.station_no, u.station_name, i.gu, i.lat, i.lon, u.rentals, u.returns,
       u.returns - u.rentals AS net,
       100.0 * (u.returns - u.rentals) / nullif(u.rentals, 0) AS net_pct
FROM usage u
LEFT JOIN station_info i USING (station_no)
WHERE $gu = '' OR i.gu = $gu
ORDER BY net DESC, station_no

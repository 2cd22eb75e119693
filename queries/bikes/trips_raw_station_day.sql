-- title_en: One station's trips on one day (from every trip)
-- title_ko: 한 대여소의 하루 이용 (전체 이용 기록에서)
-- datasets: rental_history
-- description: Reads every trip (slower): single trips are not kept in the summaries, so this
-- description: list needs the raw trips. Each trip rented or returned at the station whose
-- description: rental time falls on the day (a trip rented and returned there is listed once,
-- description: as a round trip). Counted by the hour of rental, these rows add up to the
-- description: station-hour summary (trips_rollup_station_hour).
-- description: The defaults are the busiest station and day of the bundled real month.
-- param: station_no INTEGER = 2377   -- 대여소번호 (station number)
-- param: day DATE = '2023-01-12'     -- the day of the rental time
-- param: limit INTEGER = 500         -- at most this many trips, earliest first
-- column: rent_at TIMESTAMP
-- column: return_at TIMESTAMP
-- column: direction VARCHAR         -- 'rented here', 'returned here' or 'round trip'
-- column: other_station_no INTEGER  -- the station at the other end (this one for a round trip)
-- column: other_station_name VARCHAR
-- column: duration_min DOUBLE
-- column: distance_m DOUBLE
-- column: bike_id VARCHAR
SELECT rent_at, return_at,
       CASE WHEN rent_station_no = $station_no AND return_station_no = $station_no THEN 'round trip'
            WHEN rent_station_no = $station_no THEN 'rented here' ELSE 'returned here' END AS direction,
       CASE WHEN rent_station_no = $station_no THEN return_station_no ELSE rent_station_no END AS other_station_no,
       CASE WHEN rent_station_no = $station_no THEN return_station_name ELSE rent_station_name END AS other_station_name,
       duration_min, distance_m, bike_id
FROM trips
WHERE rent_at >= CAST($day AS TIMESTAMP) AND rent_at < CAST($day AS TIMESTAMP) + INTERVAL 1 DAY
  AND (rent_station_no = $station_no OR return_station_no = $station_no)
ORDER BY rent_at, bike_id
LIMIT $limit

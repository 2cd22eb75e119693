-- Station-month rentals with the station's district, ONE rule for every query that groups or
-- filters rental history by district:
--   2021 rows: the published station group, when it is a district (정비센터 and 그룹명 없음 are
--   not: their gu is NULL);
--   other rows: the district the station was first listed in (station numbers are stable).
WITH station_gu AS (
    SELECT station_no, arg_min(gu, list_date) AS gu FROM bike_stations GROUP BY station_no
)
SELECT m.*,
       CASE WHEN m.source_period = '2021'
            THEN (SELECT b.gu FROM gu_boundaries b WHERE b.gu = m.station_group)
            ELSE sg.gu END AS gu
FROM bike_station_monthly m
LEFT JOIN station_gu sg USING (station_no)

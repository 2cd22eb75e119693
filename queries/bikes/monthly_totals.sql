-- title_en: Rentals per month, citywide or in one district (H1 2018, Feb–Jun 2021)
-- title_ko: 월별 대여건수, 서울 전체 또는 한 자치구 (2018년 상반기, 2021년 2–6월)
-- datasets: bike_station_monthly, bike_station_lists
-- description: Sum of the per-station monthly file. Returns exist for 2018 only (NULL for 2021, not zero).
-- description: District: 2021 uses the published station group; 2018 rows carry no district, so station numbers
-- description: are joined to the 2018 list (later lists for stations installed after 2018-04-09). Rows that match
-- description: no district (repair centres, unknown stations) count in the citywide total only.
-- param: gu VARCHAR = ''
-- column: source_period VARCHAR
-- column: month DATE
-- column: rentals BIGINT
-- column: returns BIGINT
-- column: stations BIGINT
-- column: rentals_without_district BIGINT
SELECT source_period, month, sum(rentals) AS rentals, sum(returns) AS returns,
       count(DISTINCT station_no) AS stations,
       coalesce(sum(rentals) FILTER (WHERE gu IS NULL), 0) AS rentals_without_district
FROM int_bike_station_monthly_gu
WHERE $gu = '' OR gu = $gu
GROUP BY ALL
ORDER BY month

-- title_en: Months in the per-station monthly file
-- title_ko: 대여소별 월별 자료의 월 목록
-- datasets: bike_station_monthly
-- column: month DATE
-- column: source_period VARCHAR
-- column: has_returns BOOLEAN
SELECT month, any_value(source_period) AS source_period, count(returns) > 0 AS has_returns
FROM bike_station_monthly GROUP BY month ORDER BY month

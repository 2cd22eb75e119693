-- title_en: Years covered by the road-accident and bicycle-accident files
-- title_ko: 교통사고·자전거 사고 자료의 연도 범위
-- datasets: traffic_accidents, bike_accidents
-- column: source VARCHAR
-- column: year INTEGER
-- column: months BIGINT  -- NULL for the yearly bicycle file
SELECT 'traffic_accidents' AS source, year(month)::INTEGER AS year, count(DISTINCT month) AS months
FROM traffic_accidents GROUP BY 2
UNION ALL
SELECT 'bike_accidents', year, NULL::BIGINT FROM bike_accidents GROUP BY year
ORDER BY 1, 2

-- title_en: Years in the bicycle-accident table
-- title_ko: 자전거 교통사고 자료의 연도
-- datasets: bike_accidents
-- column: year INTEGER
SELECT DISTINCT year FROM bike_accidents ORDER BY year

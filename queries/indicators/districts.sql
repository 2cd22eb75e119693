-- title_en: Indicator districts: the 25 gu with their English names
-- title_ko: 지표용 자치구: 25개 구와 영문 이름
-- datasets: gu_boundaries
-- column: gu VARCHAR
-- column: gu_en VARCHAR
SELECT gu, gu_en FROM gu_boundaries ORDER BY gu

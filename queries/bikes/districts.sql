-- title_en: Seoul's 25 districts (names for filters)
-- title_ko: 서울 25개 자치구 (필터용 이름)
-- datasets: gu_boundaries
-- column: gu VARCHAR
-- column: gu_en VARCHAR
SELECT gu, gu_en FROM gu_boundaries ORDER BY gu

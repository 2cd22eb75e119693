-- title_en: The 25 districts (gu)
-- title_ko: 25개 자치구
-- datasets: gu_boundaries
-- description: Korean and English names of the districts that have a district (urban) monitoring station.
-- column: gu VARCHAR
-- column: gu_en VARCHAR
SELECT gu, gu_en FROM gu_boundaries ORDER BY gu

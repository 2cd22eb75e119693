-- title_en: District outlines for maps
-- title_ko: 지도용 자치구 경계
-- datasets: gu_boundaries
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
SELECT gu, gu_en, geometry_json FROM gu_boundaries ORDER BY gu

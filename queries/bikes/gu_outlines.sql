-- title_en: District outlines for maps
-- title_ko: 지도용 자치구 경계
-- datasets: gu_boundaries
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: geometry_json VARCHAR
-- column: centroid_lat DOUBLE
-- column: centroid_lon DOUBLE
SELECT gu, gu_en, geometry_json, centroid_lat, centroid_lon FROM gu_boundaries ORDER BY gu

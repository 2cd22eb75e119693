-- title_en: Ttareungi rentals per year, citywide and per district, 2017–2025
-- title_ko: 따릉이 연간 대여 건수 (서울 전체·자치구별, 2017–2025)
-- datasets: bike_rentals_monthly, bike_rentals_gu_monthly, gu_boundaries
-- description: Sums of the monthly series; months = how many months of the year the series has (12 = a whole year). gu NULL = Seoul.
-- description: 미상 = rentals not placed in one of the 25 districts. share = the district's share of Seoul's rentals that year.
-- column: year INTEGER
-- column: gu VARCHAR
-- column: gu_en VARCHAR
-- column: rentals BIGINT
-- column: months BIGINT
-- column: share DOUBLE
-- column: sources VARCHAR
WITH city AS (
    SELECT year(month)::INTEGER AS year, sum(rentals)::BIGINT AS rentals, count(*) AS months,
           string_agg(DISTINCT source, ', ' ORDER BY source) AS sources
    FROM bike_rentals_monthly GROUP BY 1
), districts AS (
    SELECT year(month)::INTEGER AS year, gu, sum(rentals)::BIGINT AS rentals, count(*) AS months,
           string_agg(DISTINCT source, ', ' ORDER BY source) AS sources
    FROM bike_rentals_gu_monthly GROUP BY 1, 2
)
SELECT year, NULL::VARCHAR AS gu, NULL::VARCHAR AS gu_en, rentals, months, 1.0 AS share, sources FROM city
UNION ALL
SELECT d.year, d.gu, b.gu_en, d.rentals, d.months, d.rentals / c.rentals AS share, d.sources
FROM districts d JOIN city c USING (year) LEFT JOIN gu_boundaries b ON b.gu = d.gu
ORDER BY year, gu NULLS FIRST

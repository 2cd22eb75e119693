-- TOPIS link speeds with one row per link, date and hour: where a month imported in full overlaps
-- the bundled excerpt, the full month's row wins (is_sample sorts false first). day_type follows the
-- published 요일: 월–금 = weekday, 토·일 = weekend or public holiday (TOPIS writes 일 for holidays).
SELECT *, CASE WHEN weekday_ko IN ('토', '일') THEN 'weekend'
                WHEN weekday_ko IN ('월', '화', '수', '목', '금') THEN 'weekday' END AS day_type
FROM topis_link_speed
QUALIFY row_number() OVER (PARTITION BY date, link_id, hour ORDER BY is_sample) = 1

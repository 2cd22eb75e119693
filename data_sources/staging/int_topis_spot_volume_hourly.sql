-- TOPIS survey-point volumes per day, spot, direction and hour, the segments of a direction summed.
-- Where a month imported in full overlaps the bundled excerpt, the full month's row wins
-- (is_sample sorts false first), so no hour is counted twice.
WITH rows AS (
    SELECT * FROM topis_spot_volume
    QUALIFY row_number() OVER (PARTITION BY date, spot_num, direction, segment, hour ORDER BY is_sample) = 1
)
SELECT date, spot_num, direction, hour, any_value(weekday_ko) AS weekday_ko, sum(volume) AS volume,
       bool_and(is_sample) AS is_sample
FROM rows
GROUP BY ALL

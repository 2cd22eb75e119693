-- Bicycle accidents, ONE definition for every page (issue: the first page, the bicycles page and the
-- traffic page must give the same count and the same deaths for a year):
--   accidents / deaths / injuries = the published 피해 (cyclist victim) counts: accidents in which a
--   cyclist was hurt by another road user, and the people killed or hurt in them;
--   at_fault_* = the 가해 (cyclist at fault) counts, shown beside and NEVER added: a crash between two
--   bicycles is in both, and the overlap is not published.
SELECT year, gu,
       accidents_cyclist_victim AS accidents, deaths_cyclist_victim AS deaths, injuries_cyclist_victim AS injuries,
       accidents_cyclist_at_fault AS at_fault_accidents, deaths_cyclist_at_fault AS at_fault_deaths,
       injuries_cyclist_at_fault AS at_fault_injuries
FROM bike_accidents

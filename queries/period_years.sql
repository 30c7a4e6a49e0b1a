-- The years in which some reported period ends, latest first (for year pickers).
-- $body: NULL for both bodies.
SELECT DISTINCT period_end AS year
FROM figures
WHERE ($body IS NULL OR body = $body) AND period_end IS NOT NULL
ORDER BY year DESC;

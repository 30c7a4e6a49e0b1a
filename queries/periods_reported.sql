-- The periods figures are reported for, by kind, and how many places report each: what the period
-- pickers offer, and their default (the period most places report; the latest, of a tie).
-- $metric: one metric (NULL: any); $body: NULL for both bodies.
SELECT period_kind, period_start, period_end, count(DISTINCT place_key) AS places
FROM figures
WHERE ($metric IS NULL OR metric = $metric)
  AND ($body IS NULL OR body = $body)
  AND period_kind IS NOT NULL
GROUP BY period_kind, period_start, period_end
ORDER BY period_kind, places DESC, period_end DESC, period_start DESC;

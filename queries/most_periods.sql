-- The places that report a metric for the most periods, the latest first of a tie (then by key):
-- those the over-time view draws when no place is chosen. $metric, $body: the metric.
SELECT place_key, count(*) AS periods, max(period_end) AS latest
FROM figures
WHERE metric = $metric
  AND body = $body
GROUP BY place_key
ORDER BY periods DESC, latest DESC, place_key;

-- Compare places on one metric: one figure per place and period, with its kind and sources.
-- $metric, $body: the metric; $places: a list of place keys (adcodes, or 'name:…' for a place without
-- one) or NULL for all; $kind: 'annual', 'term' or 'span' (NULL: every kind, mixed);
-- $period_start, $period_end: the period's first and last year (NULL: any; a last year alone: the
-- periods ending in it).
WITH figures AS (
    SELECT *
    FROM figures
    WHERE metric = $metric
      AND body = $body
      AND ($places IS NULL OR list_contains($places, place_key))
      AND ($kind IS NULL OR period_kind = $kind)
      AND ($period_start IS NULL OR period_start = $period_start)
      AND ($period_end IS NULL OR period_end = $period_end)
),
named AS (
    SELECT f.*, p.name AS place_name, p.province, p.level
    FROM figures f
    LEFT JOIN places p USING (adcode)
)
SELECT place_key, adcode, coalesce(place_name, city) AS place, province, level,
       period_start, period_end, period_kind, period_inferred, period_evidence, years, value, value_per_year,
       qualifier, conflict, values_reported, sources, unit_ids,
       corrected, original_value
FROM named
ORDER BY value DESC, place, period_end DESC, period_start DESC;

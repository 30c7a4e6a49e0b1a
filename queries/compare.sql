-- Compare places on one metric: one figure per place and period, with its sources.
-- $metric, $body: the metric; $places: a list of place keys (adcodes, or 'name:…' for a place without
-- one) or NULL for all;
-- $year_from, $year_to: periods that lie within these years (NULL: any); $per_year: order by value per year.
WITH figures AS (
    SELECT *
    FROM figures
    WHERE metric = $metric
      AND body = $body
      AND ($places IS NULL OR list_contains($places, place_key))
      AND ($year_from IS NULL OR period_start >= $year_from)
      AND ($year_to IS NULL OR period_end <= $year_to)
),
named AS (
    SELECT f.*, p.name AS place_name, p.province, p.level
    FROM figures f
    LEFT JOIN places p USING (adcode)
)
SELECT place_key, adcode, coalesce(place_name, city) AS place, province, level,
       period_start, period_end, years, value, value_per_year, qualifier,
       conflict, values_reported, sources, unit_ids
FROM named
ORDER BY CASE WHEN $per_year THEN value_per_year ELSE value END DESC, place;

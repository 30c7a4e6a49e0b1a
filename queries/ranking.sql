-- Rank places on one metric, with ties and coverage ("12th of 41 units that report it").
-- $metric, $body; $province, $level: filters (NULL: all); $kind, $period_start, $period_end: the
-- period as in compare.sql. One figure per place: where the period leaves a place several (mixed
-- kinds), its latest, the shortest if two end together.
WITH figures AS (
    SELECT r.*, p.name AS place_name, p.province, p.level
    FROM figures r
    LEFT JOIN places p USING (adcode)
    WHERE r.metric = $metric AND r.body = $body
      AND ($province IS NULL OR p.province = $province)
      AND ($level IS NULL OR p.level = $level)
      AND ($kind IS NULL OR r.period_kind = $kind)
      AND ($period_start IS NULL OR r.period_start = $period_start)
      AND ($period_end IS NULL OR r.period_end = $period_end)
),
latest AS (
    SELECT DISTINCT ON (place_key) *
    FROM figures
    ORDER BY place_key, period_end DESC, years ASC
)
SELECT rank() OVER (ORDER BY value DESC) AS rank,
       count(*) OVER () AS reporting,
       place_key, adcode, coalesce(place_name, city) AS place, province, level,
       period_start, period_end, period_kind, period_inferred, period_evidence, value, value_per_year,
       qualifier, conflict, sources,
       corrected, original_value
FROM latest
ORDER BY rank, place;

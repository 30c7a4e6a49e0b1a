-- Rank places on one metric, with ties and coverage ("12th of 41 units that report it").
-- $metric, $body; $province, $level: filters (NULL: all); $kind, $period_start, $period_end: the
-- period as in compare.sql. One figure per place: where the period leaves a place several (mixed
-- kinds), its latest, the shortest if two end together. Ties of rank and name: by place key.
-- Each place's figure comes from the one of these that the period chooses (the others are empty):
-- no period chosen, latest_figures (each place's latest, chosen by the build); a first and a last
-- year, a place's one figure of that period; one of them only, each place's latest with it.
WITH chosen AS (
    SELECT r.* EXCLUDE (kind)
    FROM latest_figures r
    WHERE $period_start IS NULL AND $period_end IS NULL
      AND r.metric = $metric AND r.body = $body AND r.kind IS NOT DISTINCT FROM $kind
    UNION ALL
    SELECT r.*
    FROM figures r
    WHERE $period_start IS NOT NULL AND $period_end IS NOT NULL
      AND r.metric = $metric AND r.body = $body
      AND r.period_start = $period_start AND r.period_end = $period_end
      AND ($kind IS NULL OR r.period_kind = $kind)
    UNION ALL
    SELECT r.*
    FROM figures r
    WHERE ($period_start IS NULL) <> ($period_end IS NULL)
      AND r.metric = $metric AND r.body = $body
      AND r.rowid IN (
        SELECT arg_min(rowid, (-period_end, years))   -- the latest first, then the shortest (NULLs last)
        FROM figures
        WHERE metric = $metric AND body = $body
          AND ($kind IS NULL OR period_kind = $kind)
          AND ($period_start IS NULL OR period_start = $period_start)
          AND ($period_end IS NULL OR period_end = $period_end)
        GROUP BY place_key)
)
SELECT rank() OVER (ORDER BY r.value DESC) AS rank, count(*) OVER () AS reporting,
       r.place_key, r.adcode, coalesce(p.name, r.city) AS place, p.province, p.level,
       r.period_start, r.period_end, r.period_kind, r.period_inferred, r.period_evidence, r.value, r.value_per_year,
       r.qualifier, r.conflict, r.sources,
       r.corrected, r.original_value
FROM chosen r
LEFT JOIN places p USING (adcode)
WHERE ($province IS NULL OR p.province = $province)
  AND ($level IS NULL OR p.level = $level)
ORDER BY rank, place, r.place_key;

-- Rank places on one metric, with ties and coverage ("12th of 41 units that report it").
-- $metric, $body; $province, $level: filters (NULL: all); $kind, $period_start, $period_end: the
-- period as in compare.sql. One figure per place: where the period leaves a place several (mixed
-- kinds), its latest, the shortest if two end together.
-- Each place's figure is chosen and ranked on a few narrow columns, then only the chosen rows are
-- read whole: choosing among whole rows (their lists of sources and evidence) took 5x as long.
WITH candidates AS (
    SELECT r.rowid AS figure, r.place_key, r.value,
           (-r.period_end, r.years) AS recency   -- the latest first, then the shortest (NULLs last)
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
    SELECT arg_min(figure, recency) AS figure, arg_min(value, recency) AS value
    FROM candidates
    GROUP BY place_key
),
ranked AS (
    SELECT figure, rank() OVER (ORDER BY value DESC) AS rank, count(*) OVER () AS reporting
    FROM latest
)
SELECT k.rank, k.reporting,
       r.place_key, r.adcode, coalesce(p.name, r.city) AS place, p.province, p.level,
       r.period_start, r.period_end, r.period_kind, r.period_inferred, r.period_evidence, r.value, r.value_per_year,
       r.qualifier, r.conflict, r.sources,
       r.corrected, r.original_value
FROM figures r
JOIN ranked k ON k.figure = r.rowid
LEFT JOIN places p USING (adcode)
WHERE r.metric = $metric AND r.body = $body
ORDER BY k.rank, place;

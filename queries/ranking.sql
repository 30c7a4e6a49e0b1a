-- Rank places on one metric, with ties and coverage ("12th of 41 units that report it").
-- $metric, $body; $province, $level: filters (NULL: all); $year: periods ending in this year (NULL: the
-- latest period of each place); $per_year: rank by value per year (for mixing annual and term reports).
WITH figures AS (
    SELECT r.*, p.name AS place_name, p.province, p.level
    FROM figures r
    LEFT JOIN places p USING (adcode)
    WHERE r.metric = $metric AND r.body = $body
      AND ($province IS NULL OR p.province = $province)
      AND ($level IS NULL OR p.level = $level)
      AND ($year IS NULL OR r.period_end = $year)
),
latest AS (   -- one figure per place: its latest period, the shortest if two end together
    SELECT DISTINCT ON (place_key) *
    FROM figures
    ORDER BY place_key, period_end DESC, years ASC
),
scored AS (
    SELECT *, CASE WHEN $per_year THEN value_per_year ELSE value END AS score
    FROM latest
)
SELECT rank() OVER (ORDER BY score DESC) AS rank,
       count(*) OVER () AS reporting,
       place_key, adcode, coalesce(place_name, city) AS place, province, level,
       period_start, period_end, value, value_per_year, qualifier, conflict
FROM scored
ORDER BY rank, place;

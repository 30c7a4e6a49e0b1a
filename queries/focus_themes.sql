-- How much of each chosen place's text is on each policy theme (themes.toml), side by side.
-- A place's share = its sentences using a theme's terms / all its sentences, over its units of
-- $body whose periods lie within $year_from..$year_to (NULL: any). $places: place keys.
WITH by_place AS (
    SELECT place_key, theme,
           sum(sentences)::BIGINT AS sentences,
           sum(sentences_total)::BIGINT AS sentences_total,
           sum(units)::BIGINT AS units
    FROM themes_by_place   -- unit_themes summed by place, body and period, sorted by place
    WHERE body = $body
      -- a join, not list_contains: its keys reach the scan, which passes over the other places' rows
      AND place_key IN (SELECT unnest($places))
      AND ($year_from IS NULL OR period_start >= $year_from)
      AND ($year_to IS NULL OR period_end <= $year_to)
    GROUP BY place_key, theme
)
SELECT b.place_key, coalesce(p.name, substr(b.place_key, 6)) AS place, b.theme,
       th.label_zh, th.label_en, th.position,
       b.sentences, b.sentences_total, b.units,
       b.sentences / nullif(b.sentences_total, 0) AS share
FROM by_place b
JOIN themes th USING (theme)
LEFT JOIN places p ON p.adcode = b.place_key
ORDER BY th.position, list_position($places, b.place_key);

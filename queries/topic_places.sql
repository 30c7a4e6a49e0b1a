-- Places with topic profiles for $body, the most text first: the Focus view's default choice.
SELECT place_key, sum(sentences_total)::BIGINT AS sentences
FROM themes_by_place   -- unit_themes summed by place, body and period (etl/warehouse.py)
WHERE body = $body
  AND theme = (SELECT theme FROM themes ORDER BY position LIMIT 1)   -- one row per unit
GROUP BY place_key
ORDER BY sentences DESC, place_key;

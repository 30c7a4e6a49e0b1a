-- Places with topic profiles for $body, the most text first: the Focus view's default choice.
SELECT coalesce(u.adcode, 'name:' || u.city) AS place_key,
       sum(t.sentences_total)::BIGINT AS sentences
FROM unit_themes t
JOIN units u USING (unit_id)
WHERE u.body = $body
  AND t.theme = (SELECT theme FROM themes ORDER BY position LIMIT 1)   -- one row per unit
GROUP BY place_key
ORDER BY sentences DESC, place_key;

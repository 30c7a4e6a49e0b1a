-- Coverage matrix: for each place and metric, how many units report it (0 where none does).
-- $body: the body (NULL: both).
WITH reported AS (
    SELECT coalesce(u.adcode, 'name:' || u.city) AS place_key, f.body, f.metric, count(*) AS units
    FROM facts f
    JOIN units u USING (unit_id)
    WHERE $body IS NULL OR f.body = $body
    GROUP BY ALL
),
place_units AS (
    SELECT DISTINCT coalesce(u.adcode, 'name:' || u.city) AS place_key, u.adcode, u.city, u.body
    FROM units u
    WHERE $body IS NULL OR u.body = $body
),
grid AS (
    SELECT pu.place_key, pu.adcode, pu.city, pu.body, m.metric, m.label_zh, m.label_en
    FROM place_units pu
    JOIN metrics m ON m.body = pu.body
)
SELECT g.place_key, coalesce(p.name, g.city) AS place, p.province, g.body, g.metric, g.label_zh, g.label_en,
       coalesce(r.units, 0) AS units
FROM grid g
LEFT JOIN reported r USING (place_key, body, metric)
LEFT JOIN places p ON p.adcode = g.adcode
ORDER BY p.province, place, g.body, g.metric;

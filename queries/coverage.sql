-- Coverage matrix: for each place and metric, how many periods report it (0 where none does).
-- $body: the body (NULL: both); $province: the places of one province (NULL: all).
WITH reported AS (
    SELECT place_key, adcode, city, body, metric, periods
    FROM figures_counted    -- figures counted by place, body and metric (etl/warehouse.py), sorted by place
    WHERE ($body IS NULL OR body = $body)
      AND ($province IS NULL OR adcode IN (SELECT adcode FROM places WHERE province = $province))
),
located AS (
    SELECT r.*, p.name AS place_name, p.province
    FROM reported r
    LEFT JOIN places p USING (adcode)
),
place_bodies AS (
    SELECT DISTINCT place_key, place_name, city, province, body FROM located
),
grid AS (
    SELECT pb.*, m.metric, m.label_zh, m.label_en
    FROM place_bodies pb
    JOIN metrics m USING (body)
)
SELECT g.place_key, coalesce(g.place_name, g.city) AS place, g.province, g.body, g.metric, g.label_zh, g.label_en,
       coalesce(l.periods, 0) AS periods
FROM grid g
LEFT JOIN located l USING (place_key, body, metric)
ORDER BY g.province, place, g.body, g.metric;

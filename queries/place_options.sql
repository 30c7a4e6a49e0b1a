-- The places the app offers in its pickers: every place with at least one figure, by province.
-- $body: places with a figure for this body (NULL: either body).
WITH reporting AS (
    SELECT place_key, any_value(adcode) AS adcode, any_value(city) AS city, count(*) AS figures
    FROM figures
    WHERE $body IS NULL OR body = $body
    GROUP BY place_key
)
SELECT r.place_key, r.adcode, coalesce(p.name, r.city) AS place,
       coalesce(p.province, '未定位 unlocated') AS province, p.level, p.parent, r.figures
FROM reporting r
LEFT JOIN places p USING (adcode)
ORDER BY province, p.level, r.adcode, place;

-- The places the app offers in its pickers: every place with a report, by province, with how many
-- figures it has (a report in which no figure was found still names its place).
-- $body: places with a report of this body (NULL: either body).
WITH reporting AS (
    SELECT coalesce(adcode, 'name:' || city) AS place_key, any_value(adcode) AS adcode, any_value(city) AS city,
           count(*) AS reports
    FROM units
    WHERE ($body IS NULL OR body = $body) AND (adcode IS NOT NULL OR city IS NOT NULL)
    GROUP BY place_key
),
counted AS (
    SELECT place_key, count(*) AS figures
    FROM figures
    WHERE $body IS NULL OR body = $body
    GROUP BY place_key
)
SELECT r.place_key, r.adcode, coalesce(p.name, r.city) AS place,
       coalesce(p.province, '未定位 unlocated') AS province, p.level, p.parent,
       coalesce(c.figures, 0) AS figures, r.reports
FROM reporting r
LEFT JOIN counted c USING (place_key)
LEFT JOIN places p USING (adcode)
ORDER BY province, p.level, r.adcode, place;

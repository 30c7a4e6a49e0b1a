-- The places the app offers in its pickers: every place with a report, by province, with how many
-- figures it has (a report in which no figure was found still names its place).
-- $body: places with a report of this body (NULL: either body).
SELECT place_key, adcode, place, province, level, parent, figures, reports
FROM place_choices   -- each body's places and both bodies' (body NULL), named (etl/warehouse.py)
WHERE body IS NOT DISTINCT FROM $body
ORDER BY province, level, adcode, place;

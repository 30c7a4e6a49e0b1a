-- Every metric of one place over time. $place_key: an adcode, or 'name:…' for a place without one.
WITH figures AS (
    SELECT *
    FROM figures_by_place   -- sorted by place: only the blocks holding this place are read
    WHERE place_key = $place_key
)
SELECT f.body, f.metric, m.label_zh, m.label_en, m.unit,
       f.period_start, f.period_end, f.period_kind, f.period_inferred, f.period_evidence, f.years,
       f.value, f.value_per_year, f.qualifier, f.conflict, f.values_reported, f.sources, f.unit_ids,
       f.corrected, f.original_value
FROM figures f
JOIN metrics m USING (metric, body)
ORDER BY m.rowid, f.period_start, f.period_end;

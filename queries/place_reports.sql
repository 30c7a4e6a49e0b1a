-- The reports behind one place: each unit with its document, lines, period and how many facts it gave,
-- and the evidence its place, body and period were decided by.
-- $place_key: an adcode, or 'name:…' for a place without one.
WITH place_units AS (   -- by adcode, or by name: each a plain filter of the scan, not a key made per unit
    SELECT * FROM units_counted WHERE adcode = $place_key   -- units with their counts of facts (etl/warehouse.py)
    UNION ALL
    SELECT * FROM units_counted WHERE adcode IS NULL AND starts_with($place_key, 'name:') AND city = substr($place_key, 6)
)
SELECT u.unit_id, u.body, d.file_name AS source, u.document_id, u.line_start, u.line_end,
       u.period_start, u.period_end, u.period_inferred, u.facts,
       u.period_kind, u.place_evidence, u.body_evidence, u.period_evidence
FROM place_units u
JOIN documents d USING (document_id)
-- two periods of one line: by unit
ORDER BY u.period_end DESC, u.body, source, u.line_start, u.unit_id;

-- The evidence behind figures: every source sentence, the line it stands on and its context, and
-- why its unit's place, body and period were decided as they were, and where its document came from.
-- $place_key: an adcode, or 'name:…' for a place without one. $body, $metric, $period_start,
-- $period_end narrow it to one figure (a row of facts_resolved); NULL: every figure of the place.
WITH place_units AS (   -- by adcode, or by name: each a plain filter of the scan, not a key made per unit
    SELECT * FROM units WHERE adcode = $place_key
    UNION ALL
    SELECT * FROM units WHERE adcode IS NULL AND starts_with($place_key, 'name:') AND city = substr($place_key, 6)
),
sources AS (
    SELECT f.*, u.document_id, u.period_start, u.period_end, u.period_inferred, u.period_kind,
           u.place_evidence, u.body_evidence, u.period_evidence
    FROM facts f
    JOIN place_units u USING (unit_id)
    WHERE ($body IS NULL OR f.body = $body)
      AND ($metric IS NULL OR f.metric = $metric)
      AND ($period_start IS NULL OR u.period_start = $period_start)
      AND ($period_end IS NULL OR u.period_end = $period_end)
),
in_text AS (   -- offsets are 0-based; DuckDB slices are 1-based and inclusive
    SELECT s.*, d.file_name, d.source_url, d.publisher, d.published_on,
           d.text[1:s.start_offset] AS text_before,
           d.text[greatest(1, s.start_offset - 79):s.start_offset] AS context_before,
           d.text[s.end_offset + 1:s.end_offset + 80] AS context_after
    FROM sources s
    JOIN documents d USING (document_id)
)
SELECT body, metric, period_start, period_end, file_name AS source,
       length(text_before) - length(replace(text_before, chr(10), '')) + 1 AS line,
       value, qualifier, how, combined_with, evidence, context_before, context_after,
       start_offset, end_offset, unit_id,
       period_inferred, period_kind, place_evidence, body_evidence, period_evidence,
       document_id, source_url, publisher, published_on
FROM in_text
ORDER BY body, metric, period_end, period_start, source, start_offset;

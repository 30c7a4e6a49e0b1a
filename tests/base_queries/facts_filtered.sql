-- Facts (one per source of a figure) with their provenance, filtered as in the app, for the data
-- grid and downloads. $metric, $body, $province, $level, $kind: filters (NULL: all);
-- $year_from, $year_to: periods that lie within these years (NULL: any). Sorted by metric (in the
-- catalogue's order) first, as figures_filtered.sql.
WITH located AS (   -- the units first: a province's are few, and only their facts are then read
    SELECT u.unit_id, u.document_id, u.line_start, u.line_end, u.city, u.adcode,
           u.period_start, u.period_end, u.period_inferred, u.period_kind, u.period_evidence,
           p.name AS place_name, p.province, p.level, p.parent
    FROM units u
    LEFT JOIN places p USING (adcode)
    WHERE ($province IS NULL OR p.province = $province)
      AND ($level IS NULL OR p.level = $level)
      AND ($kind IS NULL OR u.period_kind = $kind)
      AND ($year_from IS NULL OR u.period_start >= $year_from)
      AND ($year_to IS NULL OR u.period_end <= $year_to)
),
filtered AS (
    SELECT f.*, l.* EXCLUDE (unit_id)
    FROM facts f
    JOIN located l USING (unit_id)
    WHERE f.unit_id IN (SELECT unit_id FROM located)
      AND ($metric IS NULL OR f.metric = $metric)
      AND ($body IS NULL OR f.body = $body)
)
SELECT coalesce(f.place_name, f.city) AS place, f.adcode, f.province, f.level, f.parent,
       f.body, f.period_start, f.period_end, f.period_kind, f.period_inferred,
       f.metric, m.label_zh, m.label_en, f.value, m.unit, f.qualifier, f.how, f.combined_with,
       f.evidence, d.file_name AS source, f.line_start, f.line_end, f.start_offset, f.end_offset, f.unit_id,
       f.period_evidence, d.source_url, d.publisher, d.published_on,
       c.unit_id IS NOT NULL AS corrected, c.original_value
FROM filtered f
JOIN metrics m USING (metric, body)
JOIN documents d USING (document_id)
LEFT JOIN fact_corrections c USING (unit_id, metric)
ORDER BY m.rowid, f.province, place, f.period_end, f.period_start, source;

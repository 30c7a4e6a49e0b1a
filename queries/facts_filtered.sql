-- Facts (one per source of a figure) with their provenance, filtered as in the app, for the data
-- grid and downloads. $metric, $body, $province, $level, $kind: filters (NULL: all);
-- $year_from, $year_to: periods that lie within these years (NULL: any). Sorted by metric (in the
-- catalogue's order) first, as figures_filtered.sql.
SELECT coalesce(p.name, f.city) AS place, f.adcode, p.province, p.level, p.parent,
       f.body, f.period_start, f.period_end, f.period_kind, f.period_inferred,
       f.metric, m.label_zh, m.label_en, f.value, m.unit, f.qualifier, f.how, f.combined_with,
       f.evidence, d.file_name AS source, f.line_start, f.line_end, f.start_offset, f.end_offset, f.unit_id,
       f.period_evidence, d.source_url, d.publisher, d.published_on,
       f.corrected, f.original_value
FROM facts_by_metric f   -- the facts with their units' columns, sorted by metric and place
JOIN metrics m USING (metric, body)
JOIN documents d USING (document_id)
LEFT JOIN places p USING (adcode)
WHERE ($metric IS NULL OR f.metric = $metric)
  AND ($body IS NULL OR f.body = $body)
  AND ($province IS NULL OR p.province = $province)
  AND ($level IS NULL OR p.level = $level)
  AND ($kind IS NULL OR f.period_kind = $kind)
  AND ($year_from IS NULL OR f.period_start >= $year_from)
  AND ($year_to IS NULL OR f.period_end <= $year_to)
ORDER BY m.rowid, p.province, place, f.period_end, f.period_start, source;

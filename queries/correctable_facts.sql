-- What a correction names of facts and what was corrected of them (etl/corrections.py): each fact's
-- document, the line and columns (0-based, within the line) of its evidence, its reading and its
-- unit's, what the extractor had read where a correction changed it, and the corrections applied to
-- it or to its unit. $unit_ids: the facts' units; $metric: one metric (NULL: every fact of the units).
WITH shown AS (
    SELECT f.unit_id, f.metric, f.value, f.qualifier, f.evidence, f.start_offset, f.end_offset,
           f.document_id, f.line_start, f.city, f.adcode, f.body, f.period_start, f.period_end,
           d.text[1:f.start_offset] AS head
    FROM facts_by_document f   -- the facts with their units' columns, sorted by document and unit
    JOIN documents d USING (document_id)
    WHERE list_contains($unit_ids, f.unit_id)
      AND ($metric IS NULL OR f.metric = $metric)
),
placed AS (
    SELECT *, length(head) - length(replace(head, chr(10), '')) + 1 AS line,
           -- the characters after the line's last newline before the evidence
           CASE WHEN strpos(reverse(head), chr(10)) = 0 THEN start_offset
                ELSE strpos(reverse(head), chr(10)) - 1 END AS start_column
    FROM shown
),
applied AS (   -- the corrections of each fact: of it, or of its unit (no metric named)
    SELECT s.unit_id, s.metric,
           list({'what': c.what, 'old': c.old, 'new': c.new, 'why': c.why, 'who': c.who,
                 'made_at': c.made_at} ORDER BY c.file_line) AS applied
    FROM shown s
    JOIN corrections c ON c.unit_id = s.unit_id AND (c.applied_metric IS NULL OR c.applied_metric = s.metric)
    WHERE c.status = 'applied'
    GROUP BY s.unit_id, s.metric
)
SELECT p.unit_id, p.metric, p.value, p.qualifier, p.evidence, p.document_id, p.line, p.start_column,
       p.start_column + p.end_offset - p.start_offset AS end_column,
       p.line_start, p.city, p.adcode, p.body, p.period_start, p.period_end,
       coalesce(fc.source, 'extractor') AS source, fc.original_value, fc.original_qualifier, fc.original_metric,
       coalesce(a.applied, []) AS applied
FROM placed p
LEFT JOIN fact_corrections fc USING (unit_id, metric)
LEFT JOIN applied a USING (unit_id, metric)
ORDER BY p.unit_id, p.metric;

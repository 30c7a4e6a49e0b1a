-- Every count extracted from one document, on lines $line_from … $line_to (NULL: all), with the line
-- it starts on and where its evidence lies in that line (0-based, end exclusive, cut at the line's
-- end), its metric, value and unit, and the figure it belongs to (place key, body, period, kind).
-- $document_id: the document's hash.
WITH split AS (
    SELECT string_split(text, chr(10)) AS lines FROM documents WHERE document_id = $document_id
),
numbered AS (
    SELECT generate_subscripts(lines, 1) AS line, unnest(lines) AS text FROM split
),
starts AS (   -- the offset of each line's first character in the text (a line break is one character)
    SELECT line, length(text) AS width, (sum(length(text) + 1) OVER (ORDER BY line))::BIGINT - length(text) - 1 AS line_offset
    FROM numbered
),
counted AS (
    SELECT f.*, coalesce(u.adcode, 'name:' || u.city) AS place_key, u.period_start, u.period_end, u.period_kind
    FROM facts f
    JOIN units u USING (unit_id)
    WHERE u.document_id = $document_id
)
SELECT s.line, c.start_offset - s.line_offset AS start_in_line,
       least(c.end_offset, s.line_offset + s.width) - s.line_offset AS end_in_line,
       c.metric, m.label_zh, m.label_en, c.value, m.unit, c.qualifier, c.how, c.evidence,
       c.place_key, c.body, c.period_start, c.period_end, c.period_kind, c.unit_id, c.start_offset, c.end_offset
FROM counted c
JOIN starts s ON c.start_offset >= s.line_offset AND c.start_offset <= s.line_offset + s.width
JOIN metrics m USING (metric, body)
WHERE ($line_from IS NULL OR s.line >= $line_from) AND ($line_to IS NULL OR s.line <= $line_to)
ORDER BY s.line, start_in_line, c.metric;

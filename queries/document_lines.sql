-- Lines $line_from … $line_to (1-based, inclusive; NULL: from the first, to the last) of one
-- document's normalised text, numbered as evidence lines are. $document_id: the document's hash.
WITH split AS (
    SELECT string_split(text, chr(10)) AS lines FROM documents WHERE document_id = $document_id
),
numbered AS (
    SELECT generate_subscripts(lines, 1) AS line, unnest(lines) AS text FROM split
)
SELECT line, text
FROM numbered
WHERE ($line_from IS NULL OR line >= $line_from) AND ($line_to IS NULL OR line <= $line_to)
ORDER BY line;

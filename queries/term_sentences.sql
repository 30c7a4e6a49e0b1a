-- The sentences of a place's units that use any of $terms (a keyword, or a theme's terms), with
-- the file and line they stand on. $place_key, $body, $year_from, $year_to as in focus_themes.
WITH keyed AS (   -- the place's units by adcode, or by name: each a plain filter of the scan
    SELECT * FROM units WHERE adcode = $place_key
    UNION ALL
    SELECT * FROM units WHERE adcode IS NULL AND starts_with($place_key, 'name:') AND city = substr($place_key, 6)
),
place_units AS (
    SELECT u.line_start, d.file_name,
           list_slice(string_split(d.text, chr(10)), u.line_start, u.line_end) AS lines
    FROM keyed u
    JOIN documents d USING (document_id)
    WHERE u.body = $body
      AND ($year_from IS NULL OR u.period_start >= $year_from)
      AND ($year_to IS NULL OR u.period_end <= $year_to)
),
unit_lines AS (   -- one row per line; unnest and generate_subscripts walk the list in step
    SELECT DISTINCT file_name, line_start + generate_subscripts(lines, 1) - 1 AS line, unnest(lines) AS line_text
    FROM place_units
),
sentences AS (
    SELECT file_name, line,
           unnest(regexp_extract_all(line_text, '[^。！？；!?;]+[。！？；!?;]?')) AS sentence
    FROM unit_lines
    WHERE len(list_filter($terms, lambda t: contains(line_text, t))) > 0
)
SELECT file_name, line, trim(sentence) AS sentence,
       list_filter($terms, lambda t: contains(sentence, t)) AS terms_used
FROM sentences
WHERE len(list_filter($terms, lambda t: contains(sentence, t))) > 0
ORDER BY file_name, line;

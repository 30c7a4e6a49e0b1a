-- One document: what was loaded (path, size, encoding, when), where it came from (source URL,
-- publisher, date, note), and how long its normalised text is. $document_id: its hash.
SELECT document_id, file_name, size_bytes, encoding, loaded_at, source_url, publisher, published_on, note,
       length(text) AS characters,
       length(text) - length(replace(text, chr(10), '')) + 1 AS lines,
       (SELECT count(*) FROM units u WHERE u.document_id = d.document_id) AS units,
       (SELECT count(*) FROM facts f JOIN units u USING (unit_id) WHERE u.document_id = d.document_id) AS facts
FROM documents d
WHERE document_id = $document_id;

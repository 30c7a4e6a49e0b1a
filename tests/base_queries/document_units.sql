-- The report units of one document: lines, place, body, period, how many counts each gave, and the
-- evidence its place, body and period were decided by. $document_id: the document's hash.
SELECT u.unit_id, u.line_start, u.line_end, coalesce(p.name, u.city) AS place,
       coalesce(u.adcode, 'name:' || u.city) AS place_key, u.adcode, u.body,
       u.period_start, u.period_end, u.period_inferred, u.period_kind,
       u.place_evidence, u.body_evidence, u.period_evidence,
       (SELECT count(*) FROM facts f WHERE f.unit_id = u.unit_id) AS facts
FROM units u
LEFT JOIN places p USING (adcode)
WHERE u.document_id = $document_id
ORDER BY u.line_start, u.unit_id;

-- The metric catalogue in the order of the spec (the order rows were loaded in).
SELECT metric, body, label_zh, label_en, unit, definition
FROM metrics
ORDER BY rowid;

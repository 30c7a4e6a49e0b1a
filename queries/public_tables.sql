-- The warehouse's tables and views, with their columns in order (the SQL page lists them).
SELECT table_name, list(column_name ORDER BY column_index) AS columns
FROM duckdb_columns()
WHERE schema_name = 'main' AND NOT internal
GROUP BY table_name
ORDER BY table_name;

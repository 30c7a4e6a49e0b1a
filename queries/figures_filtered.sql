-- The resolved figures (one per place, body, period and metric, as the charts show them) with
-- kind, unit, qualifier, conflict and sources, filtered as in the app: the Data page's grid and its
-- downloads of figures. $metric, $body, $province, $level, $kind: filters (NULL: all);
-- $year_from, $year_to: periods that lie within these years (NULL: any). Sorted by metric (in the
-- catalogue's order) first: a download runs it metric by metric, each part starting at once.
-- source_urls: the source URL of each of `sources`, in the same order ('' where none is known).
WITH filtered AS (
    SELECT f.*, p.name AS place_name, p.province, p.level, p.parent
    FROM figures f
    LEFT JOIN places p USING (adcode)
    WHERE ($metric IS NULL OR f.metric = $metric)
      AND ($body IS NULL OR f.body = $body)
      AND ($province IS NULL OR p.province = $province)
      AND ($level IS NULL OR p.level = $level)
      AND ($kind IS NULL OR f.period_kind = $kind)
      AND ($year_from IS NULL OR f.period_start >= $year_from)
      AND ($year_to IS NULL OR f.period_end <= $year_to)
),
urls AS (   -- one row: file name → source URL, looked up per figure without a join that would hold rows back
    SELECT map(list(file_name), list(source_url)) AS url_of FROM documents WHERE source_url IS NOT NULL
)
SELECT coalesce(f.place_name, f.city) AS place, f.adcode, f.province, f.level, f.parent,
       f.body, f.period_start, f.period_end, f.period_kind, f.period_inferred,
       f.metric, m.label_zh, m.label_en, f.value, m.unit, f.qualifier, f.conflict, f.values_reported,
       f.sources, f.period_evidence, f.place_key,
       list_transform(f.sources, lambda s: coalesce(urls.url_of[s], '')) AS source_urls,
       f.corrected, f.original_value
FROM filtered f
JOIN metrics m USING (metric, body)
CROSS JOIN urls
ORDER BY m.rowid, f.province, place, f.period_end, f.period_start;

-- One metric of chosen places across the years, for the chart over time: every figure whose period
-- overlaps $year_from..$year_to (NULL: unbounded), annual reports and multi-year periods alike.
-- $metric, $body; $places: place keys (adcodes, or 'name:…'), in the order the chart lists them.
SELECT f.place_key, f.adcode, coalesce(p.name, f.city) AS place, p.province, p.level,
       f.period_start, f.period_end, f.period_kind, f.period_inferred, f.period_evidence, f.years,
       f.value, f.value_per_year, f.qualifier, f.conflict, f.values_reported, f.sources,
       f.corrected, f.original_value
FROM figures f
LEFT JOIN places p USING (adcode)
WHERE f.metric = $metric
  AND f.body = $body
  AND list_contains($places, f.place_key)
  AND f.period_start IS NOT NULL
  AND ($year_from IS NULL OR f.period_end >= $year_from)
  AND ($year_to IS NULL OR f.period_start <= $year_to)
ORDER BY list_position($places, f.place_key), f.period_start, f.period_end;

-- Every year that some reported period covers, latest first, for year pickers: a term review of
-- 2018–2022 offers 2018 to 2022, not only the year it ends in. $body: NULL for both bodies.
WITH periods AS (   -- the few distinct periods first: a national warehouse has millions of figures
    SELECT DISTINCT period_start, period_end
    FROM figures
    WHERE ($body IS NULL OR body = $body) AND period_start IS NOT NULL
)
SELECT DISTINCT unnest(range(period_start, period_end + 1)) AS year
FROM periods
ORDER BY year DESC;

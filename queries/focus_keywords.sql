-- Each chosen place's distinctive words: what it says more often than the places it is compared
-- with, not what every report says. The score is the z-score of the log-odds ratio with an
-- informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"): word counts of
-- the place against those of the comparison, both smoothed towards the word's rate in all units
-- of $body in the period, so that rare words need more evidence.
-- $places: place keys; $against: 'chosen' (the other chosen places) or 'all' (every other place);
-- $body, $year_from, $year_to as in focus_themes; $min_count: the fewest uses a keyword needs;
-- $top: keywords per place.
WITH scope_totals AS (  -- every unit of the body and period, word by word: the prior, and 'all'
    SELECT term, sum(count) AS count
    FROM terms_by_period   -- unit_terms summed by body and period (etl/warehouse.py)
    WHERE body = $body
      AND ($year_from IS NULL OR period_start >= $year_from)
      AND ($year_to IS NULL OR period_end <= $year_to)
    GROUP BY term
),
prior AS (              -- alpha_w: the word's rate in the whole scope, as a prior of 1,000 words
    SELECT term, 1000.0 * count / (SELECT sum(count) FROM scope_totals) AS alpha
    FROM scope_totals
),
place_terms AS (
    SELECT place_key, term, sum(count)::BIGINT AS n
    FROM terms_by_place    -- unit_terms summed by place, body and period, sorted by place
    WHERE body = $body
      -- a join, not list_contains: its keys reach the scan, which passes over the other places' rows
      AND place_key IN (SELECT unnest($places))
      AND ($year_from IS NULL OR period_start >= $year_from)
      AND ($year_to IS NULL OR period_end <= $year_to)
    GROUP BY place_key, term
),
comparison_terms AS (   -- the words of what each place is compared with, before taking it out
    SELECT term, count::BIGINT AS n FROM scope_totals WHERE $against = 'all'
    UNION ALL
    SELECT term, sum(n)::BIGINT AS n FROM place_terms WHERE $against IS DISTINCT FROM 'all' GROUP BY term
),
place_size AS (SELECT place_key, sum(n) AS words FROM place_terms GROUP BY place_key),
comparison_size AS (SELECT sum(n) AS words FROM comparison_terms),
counted AS (
    SELECT p.place_key, p.term, p.n,
           c.n - p.n AS rest_n,
           ps.words AS place_words,
           cs.words - ps.words AS rest_words,
           pr.alpha
    FROM place_terms p
    JOIN comparison_terms c USING (term)
    JOIN prior pr USING (term)
    JOIN place_size ps USING (place_key)
    CROSS JOIN comparison_size cs
    WHERE p.n >= $min_count
),
scored AS (
    SELECT *,
           (ln((n + alpha) / (place_words + 1000.0 - n - alpha))
            - ln((rest_n + alpha) / (rest_words + 1000.0 - rest_n - alpha)))
           / sqrt(1.0 / (n + alpha) + 1.0 / (rest_n + alpha)) AS z
    FROM counted
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY place_key ORDER BY z DESC, term) AS rank
    FROM scored
    WHERE z > 0
)
SELECT r.place_key, coalesce(pl.name, substr(r.place_key, 6)) AS place, r.rank, r.term,
       r.n AS uses, r.rest_n AS uses_elsewhere, r.place_words, r.rest_words,
       round(r.z, 2) AS z
FROM ranked r
LEFT JOIN places pl ON pl.adcode = r.place_key
WHERE r.rank <= $top
ORDER BY list_position($places, r.place_key), r.rank;

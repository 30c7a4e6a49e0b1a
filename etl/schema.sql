-- The warehouse schema: the public interface that the app, the notebooks and
-- users' own SQL rely on. Documented in docs/schema.md.

CREATE TABLE IF NOT EXISTS places (
    adcode      VARCHAR PRIMARY KEY CHECK (length(adcode) = 6),
    name        VARCHAR NOT NULL,
    province    VARCHAR NOT NULL,
    level       VARCHAR NOT NULL CHECK (level IN ('provincial', 'prefecture', 'county')),
    parent      VARCHAR,                 -- the prefecture (or municipality) of a county-level unit
    parent_adcode VARCHAR,
    longitude   DOUBLE,
    latitude    DOUBLE
);

CREATE TABLE IF NOT EXISTS metrics (
    metric      VARCHAR NOT NULL,
    body        VARCHAR NOT NULL CHECK (body IN ('npc_sc', 'cppcc_sc')),
    label_zh    VARCHAR NOT NULL,
    label_en    VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL,
    definition  VARCHAR NOT NULL,
    PRIMARY KEY (metric, body)
);

CREATE TABLE IF NOT EXISTS documents (
    document_id VARCHAR PRIMARY KEY,      -- sha256 of the raw bytes
    file_name   VARCHAR NOT NULL UNIQUE,  -- path relative to the build root; one current version per path
    size_bytes  BIGINT NOT NULL CHECK (size_bytes >= 0),
    encoding    VARCHAR NOT NULL,
    loaded_at   TIMESTAMP NOT NULL,
    text        VARCHAR NOT NULL,         -- normalised text; evidence offsets point into it
    -- where it came from (etl/sources.py: the sources.csv of its folder, or the upload form); NULL
    -- where nobody said. published_on: a date written as a year or a month is its first day
    source_url  VARCHAR,
    publisher   VARCHAR,
    published_on DATE,
    note        VARCHAR
);

CREATE TABLE IF NOT EXISTS units (
    unit_id     VARCHAR PRIMARY KEY,      -- document_id:first line[:period]
    document_id VARCHAR NOT NULL REFERENCES documents (document_id),
    line_start  INTEGER NOT NULL CHECK (line_start >= 1),
    line_end    INTEGER NOT NULL,
    city        VARCHAR,                  -- the name as found, even where no adcode could be given
    adcode      VARCHAR REFERENCES places (adcode),
    body        VARCHAR NOT NULL CHECK (body IN ('npc_sc', 'cppcc_sc')),
    period_start INTEGER,
    period_end  INTEGER,
    period_inferred BOOLEAN NOT NULL,
    -- why the extractor decided as it did (etl/locate.py, bodies.py, periods.py); NULL in units
    -- loaded before these columns existed, until the next build re-extracts their document
    period_kind VARCHAR CHECK (period_kind IN ('annual', 'term', 'span')),
    place_evidence VARCHAR,
    body_evidence VARCHAR,
    period_evidence VARCHAR,
    CHECK (line_end >= line_start),
    CHECK (period_start IS NULL OR period_end >= period_start)
);

-- Which extractor read each document: a build re-extracts, from the stored text, every document
-- read by another version (etl.extract.extractor_version), so better rules reach old reports.
CREATE TABLE IF NOT EXISTS extractions (
    document_id VARCHAR PRIMARY KEY REFERENCES documents (document_id),
    extractor_version VARCHAR NOT NULL,
    extracted_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS facts (
    unit_id     VARCHAR NOT NULL REFERENCES units (unit_id),
    metric      VARCHAR NOT NULL,
    body        VARCHAR NOT NULL,
    value       BIGINT NOT NULL CHECK (value >= 0),
    qualifier   VARCHAR NOT NULL CHECK (qualifier IN ('exact', 'at_least', 'about')),
    how         VARCHAR NOT NULL CHECK (how IN ('stated', 'summed', 'enumerated')),
    combined_with VARCHAR,
    evidence    VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset  INTEGER NOT NULL,
    PRIMARY KEY (unit_id, metric),
    FOREIGN KEY (metric, body) REFERENCES metrics (metric, body),
    CHECK (end_offset > start_offset)
);

-- Topic profiles (etl/topics.py): what each unit talks about. Built by the same build, once per
-- document and lexicon version (etl/lexicon/); themes.toml defines `themes`.
CREATE TABLE IF NOT EXISTS themes (
    position    INTEGER NOT NULL,         -- the order of themes.toml
    theme       VARCHAR PRIMARY KEY,
    label_zh    VARCHAR NOT NULL,
    label_en    VARCHAR NOT NULL,
    terms       VARCHAR[] NOT NULL        -- a sentence using one of these words is on the theme
);

CREATE TABLE IF NOT EXISTS topic_profiles (   -- which documents are profiled, with which lexicon
    document_id VARCHAR PRIMARY KEY REFERENCES documents (document_id),
    lexicon_version VARCHAR NOT NULL,
    profiled_at TIMESTAMP NOT NULL
);

-- Content words (jieba, less stop words) and their counts: one row per (unit_id, term), a unit_id of
-- units. Both hold by construction (etl.warehouse.profile_documents writes a unit's counted words
-- with its units, deletes them with them) and are not declared: the index of a key or a reference
-- would cost more than segmenting the text (about 40,000 rows per MB of text).
CREATE TABLE IF NOT EXISTS unit_terms (
    unit_id     VARCHAR NOT NULL,
    term        VARCHAR NOT NULL,
    count       INTEGER NOT NULL CHECK (count > 0)
);

CREATE TABLE IF NOT EXISTS unit_themes (  -- every unit × theme; share = sentences / sentences_total
    unit_id     VARCHAR NOT NULL REFERENCES units (unit_id),
    theme       VARCHAR NOT NULL,
    sentences   INTEGER NOT NULL CHECK (sentences >= 0),
    sentences_total INTEGER NOT NULL CHECK (sentences_total >= sentences),
    share       DOUBLE,                   -- NULL for a unit without sentences
    PRIMARY KEY (unit_id, theme)
);

CREATE TABLE IF NOT EXISTS rejected_files (
    file_name   VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    rejected_at TIMESTAMP NOT NULL
);

-- Corrections (etl/corrections.py): every line of the corrections file, as the last build found it.
CREATE TABLE IF NOT EXISTS corrections (
    correction_id VARCHAR,                -- NULL for a malformed line
    file_line   INTEGER NOT NULL,         -- its line in corrections.jsonl
    document_id VARCHAR,                  -- the document's sha256 (it may be gone: status 'stale')
    what        VARCHAR,                  -- value, qualifier, metric, wrong, missed, place, body, period
    line        INTEGER,                  -- the evidence's line (a unit: its first line)
    metric      VARCHAR,                  -- the fact's metric when it was corrected
    evidence    VARCHAR,
    start_column INTEGER,                 -- the evidence's columns within its line, 0-based
    end_column  INTEGER,
    old         VARCHAR,                  -- JSON: the reading it corrects, and the new one
    new         VARCHAR,
    why         VARCHAR,
    who         VARCHAR,
    made_at     VARCHAR,                  -- ISO 8601, as written in the file
    status      VARCHAR NOT NULL CHECK (status IN ('applied', 'stale', 'malformed')),
    reason      VARCHAR,                  -- why it is stale or malformed
    unit_id     VARCHAR,                  -- where it was applied: the unit, and the fact's metric now
    applied_metric VARCHAR
);

-- What the extractor read of each fact a correction changed, added, or whose unit it corrected.
CREATE TABLE IF NOT EXISTS fact_corrections (
    unit_id     VARCHAR NOT NULL,
    metric      VARCHAR NOT NULL,         -- the fact's metric now
    source      VARCHAR NOT NULL CHECK (source IN ('extractor', 'correction')),   -- 'correction': a missed count added
    original_value BIGINT,                -- the extractor's reading (NULL for a count it missed)
    original_qualifier VARCHAR,
    original_metric VARCHAR,
    PRIMARY KEY (unit_id, metric)
);

-- One figure per (place, body, period, metric) across every source that reports it.
-- A place without an adcode is keyed by its name. Disagreeing sources are kept side by side.
-- Its period kind: 'term' where any source reads the period as a term review (a source that writes
-- the same years out as a span reports the same term), else 'span', else 'annual'; a unit loaded
-- before units kept their kind (NULL, until the next build re-extracts it) counts as 'annual' for
-- one year and 'span' for several.
CREATE OR REPLACE VIEW facts_resolved AS
WITH keyed AS (
    SELECT coalesce(u.adcode, 'name:' || u.city) AS place_key, u.adcode, u.city,
           u.body, u.period_start, u.period_end, u.period_inferred, u.period_kind, u.period_evidence,
           f.metric, f.value, f.qualifier, f.unit_id, d.file_name, f.evidence,
           c.unit_id IS NOT NULL AS corrected, coalesce(c.source, 'extractor') AS fact_source,
           coalesce(c.original_value, f.value) AS original_value,
           coalesce(c.original_qualifier, f.qualifier) AS original_qualifier
    FROM facts f
    JOIN units u USING (unit_id)
    JOIN documents d USING (document_id)
    LEFT JOIN fact_corrections c USING (unit_id, metric)
)
SELECT place_key,
       any_value(adcode) AS adcode,
       any_value(city) AS city,
       body, period_start, period_end, metric,
       -- the figure: the value all sources agree on, else the largest (the headline)
       max(value) AS value,
       CASE WHEN count(DISTINCT value) > 1 THEN NULL ELSE any_value(qualifier) END AS qualifier,
       count(DISTINCT value) > 1 AS conflict,
       list(DISTINCT value ORDER BY value) AS values_reported,
       list(DISTINCT file_name ORDER BY file_name) AS sources,
       list(unit_id ORDER BY unit_id) AS unit_ids,
       bool_and(period_inferred) AS period_inferred,
       period_end - period_start + 1 AS years,
       max(value)::DOUBLE / (period_end - period_start + 1) AS value_per_year,
       CASE WHEN bool_or(period_kind = 'term') THEN 'term'
            WHEN bool_or(period_kind = 'span') THEN 'span'
            WHEN bool_or(period_kind = 'annual') THEN 'annual'
            WHEN period_start IS NULL THEN NULL
            WHEN period_start = period_end THEN 'annual'
            ELSE 'span' END AS period_kind,
       -- what decided the period, per source (the extractor's words); empty for older units
       coalesce(list(DISTINCT period_evidence ORDER BY period_evidence)
                    FILTER (WHERE period_evidence IS NOT NULL), []::VARCHAR[]) AS period_evidence,
       -- a person corrected a source of it (etl/corrections.py); then what the extractor had read
       -- (NULL where it had read nothing: a missed count added)
       bool_or(corrected) AS corrected,
       CASE WHEN bool_or(corrected) THEN max(original_value) FILTER (WHERE fact_source = 'extractor') END
           AS original_value,
       CASE WHEN bool_or(corrected) THEN any_value(original_qualifier) FILTER (WHERE fact_source = 'extractor') END
           AS original_qualifier
FROM keyed
GROUP BY place_key, body, period_start, period_end, metric;

-- `figures` is facts_resolved materialised, sorted by metric so that a query on one metric reads a
-- small part of it. Every build refreshes it (etl.warehouse.refresh_figures); the app reads it.
CREATE TABLE IF NOT EXISTS figures AS SELECT * FROM facts_resolved;
-- The same rows sorted by place, for the queries of one place (the Place page).
CREATE TABLE IF NOT EXISTS figures_by_place AS SELECT * FROM figures;
-- Summaries made with them by every build (etl.warehouse.DERIVED_TABLES), so that no query of the
-- app aggregates millions of rows per request; place_key as in facts_resolved:
--   terms_by_place (place_key, body, period_start, period_end, term, count): unit_terms summed over
--     the units of each place, body and period, sorted by body and place;
--   terms_by_period (body, period_start, period_end, term, count): the same summed over places;
--   themes_by_place (place_key, body, period_start, period_end, theme, sentences, sentences_total,
--     units): unit_themes summed the same way, with how many units each row sums;
--   places_reporting (place_key, adcode, city, body, reports, figures): each place's units (reports)
--     and figures of each body, for every place a unit names;
--   place_choices (body, place_key, adcode, place, province, level, parent, figures, reports): the
--     pickers' places of each body, and of both (body NULL), named and sorted as offered;
--   latest_figures (kind, then the columns of figures): each place's latest figure of each metric
--     and body (the shortest if two end together) among all its figures (kind NULL) and among
--     those of each period kind, sorted by metric and body;
--   facts_by_metric, facts_by_document (the columns of facts, then document_id, line_start,
--     line_end, city, adcode, period_start, period_end, period_inferred, period_kind,
--     period_evidence of the fact's unit, and corrected, original_value as in figures): every
--     fact, sorted by metric and place, and by document;
--   figure_periods (body, period_start, period_end): the distinct periods of each body's figures;
--   figures_counted (place_key, adcode, city, body, metric, periods): how many figures (periods) each
--     place has of each body and metric, sorted by place;
--   units_counted (the columns of units, then facts): each unit with how many facts it gave, sorted
--     by document.

-- Each unit's keywords: its content words ranked by tf-idf across all units in the warehouse.
CREATE OR REPLACE VIEW unit_keywords AS
WITH unit_size AS (SELECT unit_id, sum(count) AS words FROM unit_terms GROUP BY unit_id),
document_frequency AS (SELECT term, count(*) AS units FROM unit_terms GROUP BY term),
scored AS (
    SELECT t.unit_id, t.term, t.count,
           t.count / s.words * ln((SELECT count(*) FROM unit_size) / df.units) AS tf_idf
    FROM unit_terms t JOIN unit_size s USING (unit_id) JOIN document_frequency df USING (term)
)
SELECT unit_id, term, count, tf_idf,
       row_number() OVER (PARTITION BY unit_id ORDER BY tf_idf DESC, term) AS rank
FROM scored
QUALIFY rank <= 20;

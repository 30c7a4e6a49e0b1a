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
    file_name   VARCHAR NOT NULL UNIQUE,  -- one current version per file name
    size_bytes  BIGINT NOT NULL CHECK (size_bytes >= 0),
    encoding    VARCHAR NOT NULL,
    loaded_at   TIMESTAMP NOT NULL,
    text        VARCHAR NOT NULL          -- normalised text; evidence offsets point into it
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
    CHECK (line_end >= line_start),
    CHECK (period_start IS NULL OR period_end >= period_start)
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

CREATE TABLE IF NOT EXISTS rejected_files (
    file_name   VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    rejected_at TIMESTAMP NOT NULL
);

-- One figure per (place, body, period, metric) across every source that reports it.
-- A place without an adcode is keyed by its name. Disagreeing sources are kept side by side.
CREATE OR REPLACE VIEW facts_resolved AS
WITH keyed AS (
    SELECT coalesce(u.adcode, 'name:' || u.city) AS place_key, u.adcode, u.city,
           u.body, u.period_start, u.period_end, u.period_inferred,
           f.metric, f.value, f.qualifier, f.unit_id, d.file_name, f.evidence
    FROM facts f
    JOIN units u USING (unit_id)
    JOIN documents d USING (document_id)
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
       max(value)::DOUBLE / (period_end - period_start + 1) AS value_per_year
FROM keyed
GROUP BY place_key, body, period_start, period_end, metric;

-- `figures` is facts_resolved materialised, sorted by metric so that a query on one metric reads a
-- small part of it. Every build refreshes it (etl.warehouse.refresh_figures); the app reads it.
CREATE TABLE IF NOT EXISTS figures AS SELECT * FROM facts_resolved;

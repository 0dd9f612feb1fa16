-- The version of a canonical row that a batch overwrote, kept so that rolling that batch back
-- (./hub rollback --batch N) puts it back. Rows a batch inserted need nothing here: rolling back removes them.
CREATE TABLE canonical_history (
    table_name TEXT NOT NULL,
    natural_key TEXT NOT NULL,
    -- canonical_projects.ppak_job_id or canonical_work_orders.project_key
    reference_key TEXT,
    payload TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line ${big_int} NOT NULL,
    content_hash TEXT NOT NULL,
    innergy_id TEXT,
    batch_id ${big_int} NOT NULL,
    updated TEXT NOT NULL,
    superseded_by ${big_int} NOT NULL,
    PRIMARY KEY (table_name, natural_key, superseded_by)
);
CREATE INDEX canonical_history_superseded ON canonical_history (superseded_by);
CREATE INDEX canonical_history_batch ON canonical_history (batch_id);

-- The ledger every flow shares: one row per processed file or command run.
CREATE TABLE batches (
    id ${id_pk},
    flow TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,
    found ${big_int} NOT NULL DEFAULT 0,
    loaded ${big_int} NOT NULL DEFAULT 0,
    rejected ${big_int} NOT NULL DEFAULT 0,
    skipped ${big_int} NOT NULL DEFAULT 0,
    details TEXT
);
CREATE INDEX batches_flow_started ON batches (flow, started);
CREATE INDEX batches_sha256 ON batches (sha256);

-- The processed-file repository: a file's content, once committed, is never processed twice.
CREATE TABLE processed_files (
    flow TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source TEXT NOT NULL,
    batch_id ${big_int} NOT NULL,
    processed TEXT NOT NULL,
    PRIMARY KEY (flow, sha256)
);

CREATE TABLE dead_letters (
    id ${id_pk},
    flow TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_file TEXT NOT NULL,
    line ${big_int},
    reason TEXT NOT NULL,
    payload TEXT,
    batch_id ${big_int},
    created TEXT NOT NULL,
    replayed TEXT,
    replay_batch_id ${big_int}
);
CREATE INDEX dead_letters_flow ON dead_letters (flow, replayed);
CREATE INDEX dead_letters_batch ON dead_letters (batch_id);

-- The canonical store: one row per natural key, the latest content wins.
CREATE TABLE canonical_projects (
    natural_key TEXT PRIMARY KEY,
    ppak_job_id TEXT,
    payload TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line ${big_int} NOT NULL,
    content_hash TEXT NOT NULL,
    innergy_id TEXT,
    batch_id ${big_int} NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX canonical_projects_job_id ON canonical_projects (ppak_job_id);

CREATE TABLE canonical_materials (
    natural_key TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line ${big_int} NOT NULL,
    content_hash TEXT NOT NULL,
    innergy_id TEXT,
    batch_id ${big_int} NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE canonical_work_orders (
    natural_key TEXT PRIMARY KEY,
    project_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    source_file TEXT NOT NULL,
    source_line ${big_int} NOT NULL,
    content_hash TEXT NOT NULL,
    innergy_id TEXT,
    batch_id ${big_int} NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX canonical_work_orders_project ON canonical_work_orders (project_key);

-- What was last pushed to INNERGY, so an unchanged record is not sent again.
CREATE TABLE innergy_links (
    entity TEXT NOT NULL,
    natural_key TEXT NOT NULL,
    innergy_id TEXT NOT NULL,
    pushed_hash TEXT,
    pushed_at TEXT NOT NULL,
    PRIMARY KEY (entity, natural_key)
);

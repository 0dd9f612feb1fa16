-- The RMOS application's own tables (its rmos_db.py, schema version 2: patterns carry pattern_type and
-- rosette_geometry), column for column, so the application opens this database as its own.
-- Beside them: batch_id and migrated_at (which hub batch loaded the row, and when) and content_hash
-- (the source document's hash: the same document again is skipped, a changed one is an update).
-- Reals are DOUBLE PRECISION: REAL affinity on SQLite, and no float4 rounding on PostgreSQL.
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE strip_families (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    strip_width_mm DOUBLE PRECISION NOT NULL,
    strip_thickness_mm DOUBLE PRECISION NOT NULL,
    material_type TEXT NOT NULL,
    strips_json TEXT NOT NULL,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT DEFAULT CURRENT_TIMESTAMP,
    metadata_json TEXT,
    batch_id ${big_int},
    migrated_at TEXT,
    content_hash TEXT
);

CREATE TABLE patterns (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    ring_count INTEGER NOT NULL,
    geometry_json TEXT NOT NULL,
    strip_family_id TEXT,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT DEFAULT CURRENT_TIMESTAMP,
    metadata_json TEXT,
    pattern_type TEXT DEFAULT 'generic',
    rosette_geometry TEXT,
    batch_id ${big_int},
    migrated_at TEXT,
    content_hash TEXT
);

CREATE TABLE joblogs (
    id TEXT PRIMARY KEY,
    job_type TEXT NOT NULL,
    pattern_id TEXT,
    strip_family_id TEXT,
    status TEXT DEFAULT 'pending',
    start_time TEXT,
    end_time TEXT,
    duration_seconds DOUBLE PRECISION,
    parameters_json TEXT NOT NULL,
    results_json TEXT,
    created_at TEXT DEFAULT CURRENT_TIMESTAMP,
    updated_at TEXT DEFAULT CURRENT_TIMESTAMP,
    batch_id ${big_int},
    migrated_at TEXT,
    content_hash TEXT,
    FOREIGN KEY (pattern_id) REFERENCES patterns (id),
    FOREIGN KEY (strip_family_id) REFERENCES strip_families (id)
);

-- The application's indexes; the first four are the ones its migration audit checks.
CREATE INDEX idx_patterns_strip_family ON patterns (strip_family_id);
CREATE INDEX idx_joblogs_pattern ON joblogs (pattern_id);
CREATE INDEX idx_joblogs_strip_family ON joblogs (strip_family_id);
CREATE INDEX idx_joblogs_status ON joblogs (status);
CREATE INDEX idx_patterns_name ON patterns (name);
CREATE INDEX idx_patterns_pattern_type ON patterns (pattern_type);
CREATE INDEX idx_joblogs_created ON joblogs (created_at DESC);

-- Where the migration is: batch ids for rollback and the dashboard's newest rows.
CREATE INDEX strip_families_batch ON strip_families (batch_id);
CREATE INDEX patterns_batch ON patterns (batch_id);
CREATE INDEX joblogs_batch ON joblogs (batch_id);

-- Documents whose reference has not arrived yet (the hub's, not the application's): they load by
-- themselves when it does, or are rejected after hub.rmos.orphan-timeout.
CREATE TABLE migration_waiting_documents (
    entity TEXT NOT NULL,
    source_file TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    missing_entity TEXT NOT NULL,
    missing_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    copy_path TEXT,
    arrived_at TEXT NOT NULL,
    PRIMARY KEY (entity, source_file)
);

INSERT INTO schema_version (version, applied_at) VALUES (2, CURRENT_TIMESTAMP);

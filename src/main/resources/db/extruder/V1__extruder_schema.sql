-- The extruder database (SPEC §7): configuration versions, runs and their samples, logger events, alarms.
-- Instants are UTC: run_samples.recorded_at in epoch milliseconds (compact, ordered, exact), the others as
-- ISO-8601 text ending in Z. Every loaded row carries the batch (hub.db batches.id) that loaded it.

CREATE TABLE config_profiles (
    id ${id_pk},
    profile_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_json TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    source_file TEXT,
    batch_id ${big_int},
    UNIQUE (profile_name, version),
    UNIQUE (profile_name, content_hash)
);

CREATE TABLE config_applied_events (
    id ${id_pk},
    profile_id ${big_int} NOT NULL REFERENCES config_profiles (id),
    applied_at TEXT NOT NULL,
    applied_by TEXT NOT NULL,
    source_file TEXT NOT NULL,
    batch_id ${big_int}
);
CREATE INDEX config_applied_events_at ON config_applied_events (applied_at);

-- One row per recording session (per log file). Where reading stopped is committed with the samples, so a
-- restart resumes there and no line is loaded twice: lines_done is the last line loaded or dead-lettered (after
-- every chunk), bytes_done the byte offset after the last complete block and line_at_bytes its line number,
-- clock_ms the last sample's instant (v1/v2 logs carry a time of day only; it tells when midnight passed).
CREATE TABLE runs (
    id ${id_pk},
    source_file TEXT NOT NULL UNIQUE,
    header_version INTEGER NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    sample_count ${big_int} NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    config_profile_id ${big_int} REFERENCES config_profiles (id),
    batch_id ${big_int},
    source_path TEXT,
    lines_done ${big_int} NOT NULL DEFAULT 1,
    bytes_done ${big_int} NOT NULL DEFAULT 0,
    line_at_bytes ${big_int} NOT NULL DEFAULT 0,
    clock_ms ${big_int}
);
CREATE INDEX runs_started ON runs (started_at);

-- run_id names a runs row, but with no foreign-key constraint: on PostgreSQL its check is a trigger per row, which
-- made COPY of a 2,000,000-line log several times slower (bench/extruder). The hub is the only writer, and a
-- rollback removes a run's samples before the run.
CREATE TABLE run_samples (
    run_id ${big_int} NOT NULL,
    line ${big_int} NOT NULL,
    recorded_at ${big_int} NOT NULL,
    t1_feed DOUBLE PRECISION,
    t2_mid DOUBLE PRECISION,
    t3_nozzle DOUBLE PRECISION,
    t_motor DOUBLE PRECISION,
    target_z1 DOUBLE PRECISION,
    target_z2 DOUBLE PRECISION,
    pwr_z1_pct DOUBLE PRECISION,
    pwr_z2_pct DOUBLE PRECISION,
    rpm_main DOUBLE PRECISION,
    rpm_feed DOUBLE PRECISION,
    status TEXT,
    partial INTEGER NOT NULL,
    batch_id ${big_int} NOT NULL,
    PRIMARY KEY (run_id, line)
) ${without_rowid};
-- "One run's samples in time order" (charts, the runs API).
CREATE INDEX run_samples_time ON run_samples (run_id, recorded_at);

CREATE TABLE logger_events (
    id ${id_pk},
    level TEXT NOT NULL,
    component TEXT,
    event TEXT NOT NULL,
    context_json TEXT,
    recorded_at TEXT NOT NULL,
    run_id ${big_int} REFERENCES runs (id),
    source_file TEXT NOT NULL,
    line ${big_int} NOT NULL,
    batch_id ${big_int},
    UNIQUE (source_file, line)
);
CREATE INDEX logger_events_at ON logger_events (recorded_at);

CREATE TABLE alarms (
    alarm_id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    severity TEXT,
    message TEXT,
    raised_at TEXT NOT NULL,
    acknowledged INTEGER NOT NULL,
    cleared INTEGER NOT NULL,
    run_id ${big_int} REFERENCES runs (id),
    source_file TEXT,
    batch_id ${big_int},
    updated_at TEXT NOT NULL
);
CREATE INDEX alarms_raised ON alarms (raised_at);

-- PostgreSQL as its users expect it (SPEC §10): instants are timestamptz, JSON documents jsonb, so a dashboard can
-- query run_samples as a time series (WHERE recorded_at > now() - interval '1 hour'). Existing rows are converted in
-- place: epoch milliseconds exactly (an interval, not a float), ISO text by PostgreSQL's own parser. The rollup's
-- run_sample_blocks.first_at/last_at and runs.clock_ms stay epoch milliseconds: they are the hub's bucket arithmetic.
-- SQLite keeps its compact forms (db/extruder-sqlite/V4: a view reads them as times).
ALTER TABLE run_samples
    ALTER COLUMN recorded_at TYPE timestamptz USING TIMESTAMPTZ 'epoch' + recorded_at * INTERVAL '1 millisecond';
ALTER TABLE runs
    ALTER COLUMN started_at TYPE timestamptz USING started_at::timestamptz,
    ALTER COLUMN ended_at TYPE timestamptz USING ended_at::timestamptz;
ALTER TABLE config_profiles
    ALTER COLUMN content_json TYPE jsonb USING content_json::jsonb,
    ALTER COLUMN created_at TYPE timestamptz USING created_at::timestamptz;
ALTER TABLE config_applied_events
    ALTER COLUMN applied_at TYPE timestamptz USING applied_at::timestamptz;
ALTER TABLE logger_events
    ALTER COLUMN context_json TYPE jsonb USING context_json::jsonb,
    ALTER COLUMN recorded_at TYPE timestamptz USING recorded_at::timestamptz;
ALTER TABLE alarms
    ALTER COLUMN raised_at TYPE timestamptz USING raised_at::timestamptz,
    ALTER COLUMN updated_at TYPE timestamptz USING updated_at::timestamptz;

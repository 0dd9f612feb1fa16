-- SQLite keeps its compact forms (PostgreSQL's V4 makes them timestamptz and jsonb): run_samples.recorded_at is epoch
-- milliseconds, other instants fixed-width ISO text, documents JSON text. This view reads the samples' instants as
-- UTC times for tools that want them: SELECT * FROM run_samples_at WHERE recorded_time > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour').
CREATE VIEW run_samples_at AS
    SELECT s.*, strftime('%Y-%m-%dT%H:%M:%fZ', s.recorded_at / 1000.0, 'unixepoch') AS recorded_time
    FROM run_samples s;

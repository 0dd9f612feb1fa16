-- The hub's, not the application's: the version of a row that a batch overwrote (all its columns, as a
-- JSON object), so that ./hub rollback --batch N can put it back. Rows a batch inserted need nothing here.
CREATE TABLE migration_history (
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    superseded_by ${big_int} NOT NULL,
    batch_id ${big_int},
    row_json TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id, superseded_by)
);
CREATE INDEX migration_history_superseded ON migration_history (superseded_by);
CREATE INDEX migration_history_batch ON migration_history (batch_id);

-- Lineage (./hub trace, docs/LINEAGE.md): what the hub keeps so that any stored record can be traced back to the
-- exact line and mapping it came from and forward to INNERGY. Per batch where it can be, per row only where it must.

-- Where a batch's original went (the archived copy), its size, and the charset its text was decoded with (null: not
-- text read line by line); one row per batch that archived a file.
CREATE TABLE batch_sources (
    batch_id ${big_int} PRIMARY KEY,
    archive TEXT NOT NULL,
    size ${big_int} NOT NULL,
    charset TEXT
);

-- Each distinct content of a mapping file the hub ever applied, by its SHA-256 (mapping files are small and change
-- rarely), so the row that mapped a value can be found in the version that applied, after the file was edited.
CREATE TABLE mapping_versions (
    sha256 TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    content TEXT NOT NULL,
    first_seen TEXT NOT NULL
);

-- Where every 8192nd physical line of a batch's archived text original starts (core/LineIndex): a line is read back from
-- the nearest one instead of from the start of a large export.
CREATE TABLE source_line_index (
    batch_id ${big_int} NOT NULL,
    line ${big_int} NOT NULL,
    byte_offset ${big_int} NOT NULL,
    after_cr INTEGER NOT NULL,
    PRIMARY KEY (batch_id, line)
);

-- Where each document of a flow that loads one record per document (RMOS) went in the archive: its batch has many.
CREATE TABLE document_sources (
    flow TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    batch_id ${big_int} NOT NULL,
    source TEXT NOT NULL,
    archive TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size ${big_int} NOT NULL,
    PRIMARY KEY (flow, entity, record_id, batch_id)
);

-- Which mapping file versions a batch applied (more than one per file when the file was edited during the batch).
CREATE TABLE batch_mappings (
    batch_id ${big_int} NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (batch_id, file, sha256)
);

-- Each INNERGY write of a canonical record (or its dry-run plan): the links table keeps only the latest.
CREATE TABLE innergy_deliveries (
    id ${id_pk},
    entity TEXT NOT NULL,
    natural_key TEXT NOT NULL,
    operation TEXT NOT NULL,
    innergy_id TEXT,
    mode TEXT NOT NULL,
    plan TEXT,
    batch_id ${big_int},
    at TEXT NOT NULL
);
CREATE INDEX innergy_deliveries_key ON innergy_deliveries (entity, natural_key);

-- Every trace lookup by index.
CREATE INDEX innergy_links_innergy_id ON innergy_links (innergy_id);
CREATE INDEX canonical_materials_innergy_id ON canonical_materials (innergy_id);
CREATE INDEX dead_letters_source_line ON dead_letters (source_file, line);
CREATE INDEX dead_letters_replay_batch ON dead_letters (replay_batch_id);

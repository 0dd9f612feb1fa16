package com.migrationhub.extruder;

import com.migrationhub.core.Database;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * {@code runs} and {@code run_samples} in the extruder database. A chunk's samples, their share of the rollup
 * ({@link SampleBlocks}) and the run's reading position commit in one transaction: multi-row INSERTs on SQLite, COPY
 * on PostgreSQL.
 */
public final class RunStore {

    static final String SAMPLE_COLUMNS = "run_id, line, recorded_at, " + String.join(", ", SampleColumn.columns())
            + ", status, partial, batch_id";
    private static final String COPY_SAMPLES = "COPY run_samples (" + SAMPLE_COLUMNS + ") FROM STDIN (FORMAT binary)";

    private final Database db;

    public RunStore(Database db) {
        this.db = db;
    }

    public Database db() {
        return db;
    }

    public RunRecord find(String sourceFile) {
        return one("SELECT * FROM runs WHERE source_file = ?", sourceFile);
    }

    public RunRecord find(long id) {
        return one("SELECT * FROM runs WHERE id = ?", id);
    }

    public List<RunRecord> all() {
        return query("SELECT * FROM runs ORDER BY id");
    }

    public List<RunRecord> recording() {
        return query("SELECT * FROM runs WHERE status = ? ORDER BY id", RunRecord.RECORDING);
    }

    /** A new run: started at its file name's time, nothing read yet. */
    public RunRecord create(String sourceFile, LogFormat format, Instant startedAt, String status, long batchId, String sourcePath) {
        return create(sourceFile, sourceFile, null, format, startedAt, status, batchId, sourcePath);
    }

    /** A new run keyed {@code sourceFile} for the log found under {@code liveName} (its file key, when known). */
    public RunRecord create(String sourceFile, String liveName, String fileKey, LogFormat format, Instant startedAt, String status,
                            long batchId, String sourcePath) {
        db.inTransaction(c -> {
            Database.update(c, "INSERT INTO runs (source_file, header_version, started_at, status, batch_id, "
                    + "source_path, lines_done, bytes_done, line_at_bytes, live_name, file_key) VALUES (?, ?, ?, ?, ?, ?, 1, 0, 0, ?, ?)",
                    sourceFile, format.version(), com.migrationhub.core.Instants.iso(startedAt), status, batchId, sourcePath,
                    liveName, fileKey);
            ConfigProfiles.link(c, Database.count(c, "SELECT id FROM runs WHERE source_file = ?", sourceFile));
            return null;
        });
        return find(sourceFile);
    }

    /** The run whose log was last seen under this name in the live folder, or null. */
    public RunRecord findLive(String liveName) {
        return one("SELECT * FROM runs WHERE live_name = ? ORDER BY id DESC", liveName);
    }

    /** The runs in one status, oldest first. */
    public List<RunRecord> withStatus(String status) {
        return query("SELECT * FROM runs WHERE status = ? ORDER BY id", status);
    }

    /** The run's log goes on under another name (renamed, or the same content under a new file key). */
    public void follow(long runId, String liveName, String fileKey, String sourcePath) {
        db.inTransaction(c -> Database.update(c, "UPDATE runs SET live_name = ?, file_key = ?, source_path = ? WHERE id = ?",
                liveName, fileKey, sourcePath, runId));
    }

    /**
     * The run no longer follows a file in the live folder: it ends in {@code status} (unless it had completed
     * already) with the reason, and its name is free for the next recording found under it.
     */
    public void end(long runId, String status, String reason) {
        db.inTransaction(c -> Database.update(c, "UPDATE runs SET status = CASE WHEN status = ? THEN ? ELSE status END, "
                + "status_reason = CASE WHEN status = ? THEN ? ELSE status_reason END, live_name = NULL WHERE id = ?",
                RunRecord.RECORDING, status, RunRecord.RECORDING, reason, runId));
    }

    /**
     * A chunk's samples and the run's new position, in one transaction. A reading's chunks are {@code flushedLater}:
     * on PostgreSQL their commit does not wait for the WAL flush, since the synchronous commit that ends the block or
     * the run (before the log is archived or the ledger closed) flushes them; a server crash before that loses a
     * chunk and its stored position together, so the next reading loads it again.
     */
    public void write(SampleChunk chunk, boolean flushedLater) {
        RunRecord run = chunk.ingest().run();
        long batchId = chunk.ingest().batch().id();
        List<RunSample> samples = chunk.samples();
        db.inTransaction(c -> {
            if (flushedLater && db.isPostgres()) {
                Database.update(c, "SET LOCAL synchronous_commit TO OFF");
            }
            if (!samples.isEmpty()) {
                if (db.isPostgres()) {
                    copy(c, run.id(), batchId, samples);
                } else {
                    insert(c, run.id(), batchId, samples);
                }
                SampleBlocks.add(c, db.isPostgres(), run.id(), samples);
            }
            RunSample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            // only on from where the stored position is: if an earlier chunk's commit was lost (a database server that
            // restarted before flushing it), this chunk must not carry the position past the gap
            long moved = Database.update(c, "UPDATE runs SET sample_count = sample_count + ?, lines_done = CASE WHEN lines_done > ? "
                    + "THEN lines_done ELSE ? END, clock_ms = COALESCE(?, clock_ms), ended_at = COALESCE(?, ended_at) "
                    + "WHERE id = ? AND lines_done >= ?",
                    samples.size(), chunk.lastLine(), chunk.lastLine(), last == null ? null : last.recordedAt(),
                    last == null ? null : com.migrationhub.core.Instants.iso(last.recordedAt()), run.id(), chunk.firstLine() - 1);
            if (moved == 0) {
                throw new IllegalStateException("run " + run.id() + " (" + run.sourceFile() + "): the stored position is before line "
                        + (chunk.firstLine() - 1) + ", where this chunk follows on: an earlier chunk was not stored; the log is "
                        + "read again from the stored position when its dead letter is replayed");
            }
            return null;
        });
    }

    /**
     * SQLite's path: multi-row INSERTs of {@value #ROWS_PER_INSERT} rows. bench/extruder measured 2,000,000 rows at
     * 8.9 s as a JDBC batch of one-row statements, 6.3 s this way (fewer statement steps and resets through JNI),
     * and 21.7 s with {@code INSERT ... SELECT FROM json_each(?)} (SQLite re-reads each row's JSON per column).
     */
    private static void insert(Connection c, long runId, long batchId, List<RunSample> samples) throws SQLException {
        int full = samples.size() / ROWS_PER_INSERT * ROWS_PER_INSERT;
        if (full > 0) {
            try (PreparedStatement ps = c.prepareStatement(insertOf(ROWS_PER_INSERT))) {
                for (int from = 0; from < full; from += ROWS_PER_INSERT) {
                    bind(ps, runId, batchId, samples.subList(from, from + ROWS_PER_INSERT));
                    ps.executeUpdate();
                }
            }
        }
        if (full < samples.size()) {
            try (PreparedStatement ps = c.prepareStatement(insertOf(samples.size() - full))) {
                bind(ps, runId, batchId, samples.subList(full, samples.size()));
                ps.executeUpdate();
            }
        }
    }

    static final int ROWS_PER_INSERT = 50;
    private static final int COLUMNS = 16;

    private static String insertOf(int rows) {
        String row = "(?" + ", ?".repeat(COLUMNS - 1) + ")";
        return "INSERT INTO run_samples (" + SAMPLE_COLUMNS + ") VALUES " + String.join(", ", java.util.Collections.nCopies(rows, row));
    }

    private static void bind(PreparedStatement ps, long runId, long batchId, List<RunSample> rows) throws SQLException {
        int p = 1;
        for (RunSample s : rows) {
            ps.setLong(p++, runId);
            ps.setLong(p++, s.line());
            ps.setLong(p++, s.recordedAt());
            for (double v : s.values()) {
                if (Double.isNaN(v)) {
                    ps.setNull(p++, Types.DOUBLE);
                } else {
                    ps.setDouble(p++, v);
                }
            }
            ps.setString(p++, s.status());
            ps.setInt(p++, s.partial() ? 1 : 0);
            ps.setLong(p++, batchId);
        }
    }

    /**
     * PostgreSQL's bulk path: the chunk through COPY in the binary format, so the server takes eight bytes per number
     * instead of parsing its text.
     */
    private static void copy(Connection c, long runId, long batchId, List<RunSample> samples) throws SQLException {
        int fixed = 2 + COLUMNS * 4 + 3 * 8 + SampleColumn.COUNT * 8 + 4 + 8;
        ByteBuffer row = ByteBuffer.allocate(fixed + 64);
        try {
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SAMPLES);
            try {
                in.writeToCopy(BINARY_HEADER, 0, BINARY_HEADER.length);
                for (RunSample s : samples) {
                    byte[] status = s.status() == null ? null : s.status().getBytes(StandardCharsets.UTF_8);
                    if (status != null && row.capacity() < fixed + status.length) {
                        row = ByteBuffer.allocate(fixed + status.length);
                    }
                    row.clear();
                    row.putShort((short) COLUMNS);
                    row.putInt(8).putLong(runId);
                    row.putInt(8).putLong(s.line());
                    row.putInt(8).putLong((s.recordedAt() - PG_EPOCH_MS) * 1000); // timestamptz: µs since 2000-01-01
                    for (double v : s.values()) {
                        if (Double.isNaN(v)) {
                            row.putInt(-1);
                        } else {
                            row.putInt(8).putDouble(v);
                        }
                    }
                    if (status == null) {
                        row.putInt(-1);
                    } else {
                        row.putInt(status.length).put(status);
                    }
                    row.putInt(4).putInt(s.partial() ? 1 : 0);
                    row.putInt(8).putLong(batchId);
                    in.writeToCopy(row.array(), 0, row.position());
                }
                in.writeToCopy(BINARY_TRAILER, 0, BINARY_TRAILER.length);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new SQLException("COPY into run_samples failed: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL's timestamp epoch, 2000-01-01T00:00:00Z, in Unix milliseconds. */
    private static final long PG_EPOCH_MS = 946_684_800_000L;

    /** COPY's binary signature, no flags, no header extension; the trailer is a field count of -1. */
    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] BINARY_TRAILER = {(byte) 0xFF, (byte) 0xFF};

    /**
     * After a complete block: where the next reading of a live log starts, and what the log was up to there (its
     * file key and the fingerprint of the bytes before that position), in one statement.
     */
    public void blockDone(long runId, long bytesDone, long lineAtBytes, LogIdentity identity) {
        db.inTransaction(c -> Database.update(c, "UPDATE runs SET bytes_done = ?, line_at_bytes = ?, file_key = COALESCE(?, file_key), "
                + "fingerprint = ? WHERE id = ?", bytesDone, lineAtBytes, identity.fileKey(), identity.fingerprint(), runId));
    }

    public void setStatus(long runId, String status, String sourcePath) {
        setStatus(runId, status, sourcePath, null);
    }

    public void setStatus(long runId, String status, String sourcePath, String reason) {
        db.inTransaction(c -> Database.update(c, "UPDATE runs SET status = ?, source_path = COALESCE(?, source_path), "
                + "status_reason = ? WHERE id = ?", status, sourcePath, reason, runId));
    }

    /** The instant of the last stored sample before a line, or null. */
    public Long instantBefore(long runId, long line) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SampleTimes.millis(c, "recorded_at")
                    + " FROM run_samples WHERE run_id = ? AND line < ? "
                    + "ORDER BY line DESC LIMIT 1")) {
                ps.setLong(1, runId);
                ps.setLong(2, line);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
        });
    }

    public long countSamples(long runId) {
        return db.withConnection(c -> Database.count(c, "SELECT COUNT(*) FROM run_samples WHERE run_id = ?", runId));
    }

    /** One run's samples with lines from..to, by line. */
    public java.util.Map<Long, RunSample> samples(long runId, long fromLine, long toLine) {
        return db.withConnection(c -> {
            java.util.Map<Long, RunSample> out = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT line, " + SampleTimes.millis(c, "recorded_at") + ", "
                    + String.join(", ", SampleColumn.columns())
                    + ", status, partial FROM run_samples WHERE run_id = ? AND line BETWEEN ? AND ?")) {
                ps.setLong(1, runId);
                ps.setLong(2, fromLine);
                ps.setLong(3, toLine);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        RunSample s = sample(rs);
                        out.put(s.line(), s);
                    }
                }
            }
            return out;
        });
    }

    private static RunSample sample(ResultSet rs) throws SQLException {
        double[] values = new double[SampleColumn.COUNT];
        for (int i = 0; i < values.length; i++) {
            double v = rs.getDouble(3 + i);
            values[i] = rs.wasNull() ? Double.NaN : v;
        }
        return new RunSample(rs.getLong(1), rs.getLong(2), values, rs.getString(13), rs.getInt(14) == 1);
    }

    /** The samples a batch loaded into one run (the primary key's prefix: no scan of other runs). */
    public long countSamplesOfBatch(long runId, long batchId) {
        return db.withConnection(c -> Database.count(c, "SELECT COUNT(*) FROM run_samples WHERE run_id = ? AND batch_id = ?",
                runId, batchId));
    }

    private RunRecord one(String sql, Object... args) {
        List<RunRecord> found = query(sql, args);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<RunRecord> query(String sql, Object... args) {
        return db.withConnection(c -> Database.query(c, sql, rs -> new RunRecord(rs.getLong("id"), rs.getString("source_file"),
                rs.getInt("header_version"), SampleTimes.iso(rs, "started_at"), SampleTimes.iso(rs, "ended_at"), rs.getLong("sample_count"),
                rs.getString("status"), Database.nullableLong(rs, "config_profile_id"), Database.nullableLong(rs, "batch_id"),
                rs.getString("source_path"), rs.getLong("lines_done"), rs.getLong("bytes_done"), rs.getLong("line_at_bytes"),
                Database.nullableLong(rs, "clock_ms"), rs.getString("live_name"), rs.getString("file_key"),
                rs.getString("fingerprint"), rs.getString("status_reason")), args));
    }
}

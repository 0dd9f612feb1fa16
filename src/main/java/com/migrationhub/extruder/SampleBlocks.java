package com.migrationhub.extruder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The samples rollup, {@code run_sample_blocks}: per run, blocks of {@value #LINES} consecutive log lines with each
 * column's minimum, maximum, sum and count. Written with the samples in their transaction, so it always agrees with
 * them; a chart of a million-sample run then groups some 8,000 block rows instead of sorting every sample.
 * <p>
 * A chunk rarely starts or ends on a block boundary, so a block is merged into (min of mins, sum of sums…) rather
 * than replaced; a rollback, which takes samples out, rebuilds its runs' blocks from what is left.
 */
final class SampleBlocks {

    /** Lines per block: 1,000,000 samples make 7,813 blocks, enough for any chart of up to that many points. */
    static final int LINES = 128;

    private static final String KEY = "run_id, block, n, first_line, last_line, first_at, last_at";
    private static final String COLUMNS = KEY + ", " + SampleColumn.columns().stream()
            .map(c -> c + "_min, " + c + "_max, " + c + "_sum, " + c + "_n").collect(Collectors.joining(", "));
    private static final int PARAMETERS = 7 + 4 * SampleColumn.COUNT;
    private static final String UPSERT_SQLITE = upsert(false);
    private static final String UPSERT_POSTGRES = upsert(true);

    private SampleBlocks() {
    }

    /** Merges a chunk's samples (in line order) into their runs' blocks. */
    static void add(Connection c, boolean postgres, long runId, List<RunSample> samples) throws SQLException {
        if (samples.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(postgres ? UPSERT_POSTGRES : UPSERT_SQLITE)) {
            for (Block b : blocks(samples)) {
                b.bind(ps, runId);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Replaces a run's blocks with ones computed from its stored samples (after samples were taken out). */
    static void rebuild(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM run_sample_blocks WHERE run_id = ?")) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
        String aggregates = SampleColumn.columns().stream()
                .map(n -> "MIN(" + n + "), MAX(" + n + "), COALESCE(SUM(" + n + "), 0), COUNT(" + n + ")")
                .collect(Collectors.joining(", "));
        String at = SampleTimes.millis(c, "recorded_at");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_sample_blocks (" + COLUMNS + ") SELECT run_id, line / "
                + LINES + ", COUNT(*), MIN(line), MAX(line), MIN(" + at + "), MAX(" + at + "), " + aggregates
                + " FROM run_samples WHERE run_id = ? GROUP BY run_id, line / " + LINES)) {
            ps.setLong(1, runId);
            ps.executeUpdate();
        }
    }

    static List<Block> blocks(List<RunSample> samples) {
        List<Block> out = new ArrayList<>();
        Block current = null;
        for (RunSample s : samples) {
            long block = s.line() / LINES;
            if (current == null || current.block != block) {
                current = new Block(block);
                out.add(current);
            }
            current.add(s);
        }
        return out;
    }

    /** Insert, or merge into the stored block: PostgreSQL's LEAST/GREATEST skip NULLs, SQLite's MIN/MAX need COALESCE. */
    private static String upsert(boolean postgres) {
        String least = postgres ? "LEAST" : "MIN";
        String greatest = postgres ? "GREATEST" : "MAX";
        StringBuilder sql = new StringBuilder("INSERT INTO run_sample_blocks (").append(COLUMNS).append(") VALUES (?")
                .append(", ?".repeat(PARAMETERS - 1)).append(") ON CONFLICT (run_id, block) DO UPDATE SET ")
                .append("n = run_sample_blocks.n + excluded.n, ")
                .append(merge("first_line", least)).append(", ").append(merge("last_line", greatest)).append(", ")
                .append(merge("first_at", least)).append(", ").append(merge("last_at", greatest));
        for (String n : SampleColumn.columns()) {
            sql.append(", ").append(merge(n + "_min", least)).append(", ").append(merge(n + "_max", greatest))
                    .append(", ").append(n).append("_sum = run_sample_blocks.").append(n).append("_sum + excluded.").append(n).append("_sum")
                    .append(", ").append(n).append("_n = run_sample_blocks.").append(n).append("_n + excluded.").append(n).append("_n");
        }
        return sql.toString();
    }

    private static String merge(String column, String function) {
        String stored = "run_sample_blocks." + column;
        String added = "excluded." + column;
        return column + " = " + function + "(COALESCE(" + stored + ", " + added + "), COALESCE(" + added + ", " + stored + "))";
    }

    /** One block's share of a chunk. */
    static final class Block {
        final long block;
        long n;
        long firstLine = Long.MAX_VALUE;
        long lastLine = Long.MIN_VALUE;
        long firstAt = Long.MAX_VALUE;
        long lastAt = Long.MIN_VALUE;
        final double[] min = new double[SampleColumn.COUNT];
        final double[] max = new double[SampleColumn.COUNT];
        final double[] sum = new double[SampleColumn.COUNT];
        final long[] count = new long[SampleColumn.COUNT];

        Block(long block) {
            this.block = block;
        }

        void add(RunSample s) {
            n++;
            firstLine = Math.min(firstLine, s.line());
            lastLine = Math.max(lastLine, s.line());
            firstAt = Math.min(firstAt, s.recordedAt());
            lastAt = Math.max(lastAt, s.recordedAt());
            double[] values = s.values();
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (count[i]++ == 0) {
                    min[i] = v;
                    max[i] = v;
                } else {
                    min[i] = Math.min(min[i], v);
                    max[i] = Math.max(max[i], v);
                }
                sum[i] += v;
            }
        }

        void bind(PreparedStatement ps, long runId) throws SQLException {
            int p = 1;
            ps.setLong(p++, runId);
            ps.setLong(p++, block);
            ps.setLong(p++, n);
            ps.setLong(p++, firstLine);
            ps.setLong(p++, lastLine);
            ps.setLong(p++, firstAt);
            ps.setLong(p++, lastAt);
            for (int i = 0; i < SampleColumn.COUNT; i++) {
                if (count[i] == 0) {
                    ps.setNull(p++, Types.DOUBLE);
                    ps.setNull(p++, Types.DOUBLE);
                } else {
                    ps.setDouble(p++, min[i]);
                    ps.setDouble(p++, max[i]);
                }
                ps.setDouble(p++, sum[i]);
                ps.setLong(p++, count[i]);
            }
        }
    }
}

package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;

import com.migrationhub.core.Database;
import com.migrationhub.testing.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollup's merge on both engines, without routes: one block filled by two chunks, where a column is NULL in one
 * part and has values in the other, must come out as the block computed from all its samples at once.
 */
class SampleBlocksTest {

    private static final long RUN = 7;

    @TempDir
    Path home;

    /** Lines 100..140: block 0 (lines 100-127) and block 1 (128-140). t1_feed is NULL up to line 130, then 200 + line. */
    private static RunSample sample(int line) {
        double[] values = new double[SampleColumn.COUNT];
        Arrays.fill(values, Double.NaN);
        values[SampleColumn.T1_FEED.ordinal()] = line <= 130 ? Double.NaN : 200 + line;
        values[SampleColumn.T2_MID.ordinal()] = line == 135 ? Double.NaN : 150 - line % 7;
        return new RunSample(line, 1_700_000_000_000L + line * 250L, values, "RUN", false);
    }

    private static List<RunSample> lines(int from, int to, IntFunction<RunSample> make) {
        List<RunSample> out = new ArrayList<>();
        for (int line = from; line <= to; line++) {
            out.add(make.apply(line));
        }
        return out;
    }

    @Test
    void twoChunksIntoOneBlockEqualTheBlockRebuiltFromItsSamplesOnSqlite() throws Exception {
        try (Database db = Database.open("extruder", "jdbc:sqlite:" + home.resolve("extruder.db"))) {
            mergesLikeARebuild(db);
        }
    }

    @Test
    void twoChunksIntoOneBlockEqualTheBlockRebuiltFromItsSamplesOnPostgres() throws Exception {
        Assumptions.assumeTrue(LocalPostgres.reachable(), "PostgreSQL on 127.0.0.1:5432 is not reachable: test skipped");
        String url = LocalPostgres.freshSchemaUrl("blocks_it");
        try (Database db = Database.open("extruder", url)) {
            mergesLikeARebuild(db);
        } finally {
            LocalPostgres.dropSchemaOf(url);
        }
    }

    private void mergesLikeARebuild(Database db) throws Exception {
        List<RunSample> all = lines(100, 140, SampleBlocksTest::sample);
        db.inTransaction(c -> {
            insertSamples(c, all);
            // a chunk boundary inside block 1, with t1_feed NULL on one side of it and not the other
            SampleBlocks.add(c, db.isPostgres(), RUN, all.subList(0, 30));  // lines 100..129
            SampleBlocks.add(c, db.isPostgres(), RUN, all.subList(30, 41)); // lines 130..140
            return null;
        });
        List<List<Object>> merged = blocks(db);
        db.inTransaction(c -> {
            SampleBlocks.rebuild(c, RUN);
            return null;
        });
        List<List<Object>> rebuilt = blocks(db);

        assertThat(merged).hasSize(2).isEqualTo(rebuilt);
        // block 1: lines 128..140, t1_feed values only from line 131 on
        assertThat(merged.get(1)).containsExactly(1L, 13L, 128L, 140L, 331.0, 340.0, 3355.0, 10L, 12L);
        assertThat(merged.get(0)).as("block 0 has no t1_feed at all").containsExactly(0L, 28L, 100L, 127L, null, null, 0.0, 0L, 28L);
    }

    private static void insertSamples(Connection c, List<RunSample> samples) throws java.sql.SQLException {
        // recorded_at in epoch milliseconds: a timestamptz on PostgreSQL (V4)
        String at = SampleTimes.postgres(c) ? "TIMESTAMPTZ 'epoch' + ? * INTERVAL '1 millisecond'" : "?";
        try (var ps = c.prepareStatement("INSERT INTO run_samples (run_id, line, recorded_at, t1_feed, t2_mid, partial, batch_id) "
                + "VALUES (?, ?, " + at + ", ?, ?, 0, 1)")) {
            for (RunSample s : samples) {
                ps.setLong(1, RUN);
                ps.setLong(2, s.line());
                ps.setLong(3, s.recordedAt());
                ps.setObject(4, s.value(SampleColumn.T1_FEED));
                ps.setObject(5, s.value(SampleColumn.T2_MID));
                ps.executeUpdate();
            }
        }
    }

    /** Per block: block, n, first and last line, t1_feed min, max, sum, count, and t2_mid's count. */
    private static List<List<Object>> blocks(Database db) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT block, n, first_line, last_line, t1_feed_min, t1_feed_max, t1_feed_sum, t1_feed_n, t2_mid_n FROM run_sample_blocks "
                        + "ORDER BY block")) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= 9; i++) {
                    Object v = rs.getObject(i);
                    if (v == null) {
                        row.add(null);
                    } else if (i >= 5 && i <= 7) {
                        row.add(((Number) v).doubleValue());
                    } else {
                        row.add(((Number) v).longValue());
                    }
                }
                out.add(row);
            }
        }
        return out;
    }
}

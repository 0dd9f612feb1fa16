package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.migrationhub.core.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The rollup {@code run_sample_blocks} against the same blocks computed from {@code run_samples} by SQL. */
final class RollupCheck {

    private RollupCheck() {
    }

    static void assertAgreesWithSamples(Database db) throws Exception {
        String aggregates = SampleColumn.columns().stream()
                .map(n -> "MIN(" + n + "), MAX(" + n + "), COALESCE(SUM(" + n + "), 0), COUNT(" + n + ")")
                .collect(Collectors.joining(", "));
        String columns = SampleColumn.columns().stream().map(n -> n + "_min, " + n + "_max, " + n + "_sum, " + n + "_n")
                .collect(Collectors.joining(", "));
        try (Connection c = db.connection()) {
            List<double[]> expected = rows(c, "SELECT run_id, line / " + SampleBlocks.LINES + ", COUNT(*), MIN(line), MAX(line), "
                    + "MIN(" + SampleTimes.millis(c, "recorded_at") + "), MAX(" + SampleTimes.millis(c, "recorded_at") + "), " + aggregates + " FROM run_samples GROUP BY run_id, line / "
                    + SampleBlocks.LINES + " ORDER BY 1, 2");
            List<double[]> stored = rows(c, "SELECT run_id, block, n, first_line, last_line, first_at, last_at, " + columns
                    + " FROM run_sample_blocks ORDER BY 1, 2");
            assertThat(stored).as("blocks").hasSameSizeAs(expected);
            for (int r = 0; r < expected.size(); r++) {
                for (int i = 0; i < expected.get(r).length; i++) {
                    double want = expected.get(r)[i];
                    if (Double.isNaN(want)) {
                        assertThat(stored.get(r)[i]).as("block row %d, column %d", r, i).isNaN();
                    } else {
                        // sums merged chunk by chunk may differ from SQL's in the last bits
                        assertThat(stored.get(r)[i]).as("block row %d, column %d", r, i).isCloseTo(want, within(1e-6));
                    }
                }
            }
        }
    }

    private static List<double[]> rows(Connection c, String sql) throws Exception {
        List<double[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                double[] row = new double[meta.getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    double v = rs.getDouble(i + 1);
                    row[i] = rs.wasNull() ? Double.NaN : v;
                }
                out.add(row);
            }
        }
        return out;
    }
}

package com.migrationhub.extruder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.migrationhub.core.BatchRun;
import com.migrationhub.core.Database;
import com.migrationhub.core.Flow;
import com.migrationhub.core.HubCore;
import com.migrationhub.core.HubSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's stored position on a real extruder.db: a chunk moves it only from where it is. */
class RunStoreTest {

    private static final String LOG = "run_20251201_183000.csv";

    @TempDir
    Path home;

    private static List<RunSample> samples(int from, int to) {
        List<RunSample> out = new ArrayList<>();
        for (int line = from; line <= to; line++) {
            double[] values = new double[SampleColumn.COUNT];
            Arrays.fill(values, 180.0 + line % 5);
            out.add(new RunSample(line, 1_764_613_800_000L + line * 250L, values, "RUN", false));
        }
        return out;
    }

    @Test
    void aChunkThatFollowsALostChunkIsRefusedAndThePositionStaysBeforeTheGap() {
        try (HubCore hub = new HubCore(HubSettings.of(home, Map.of()));
                Database db = Database.open("extruder", "jdbc:sqlite:" + home.resolve("extruder.db"))) {
            RunStore store = new RunStore(db);
            BatchRun batch = hub.ledger().open(Flow.EXTRUDER.id(), LOG, null);
            LogFormat v3 = LogFormat.ofVersion(3);
            RunRecord run = store.create(LOG, v3, Instant.parse("2025-12-01T18:30:00Z"), RunRecord.RECORDING, batch.id(), "/logs/" + LOG);
            LogIngest ingest = new LogIngest(batch, Path.of(LOG), RunLogName.parse(LOG).orElseThrow(), v3, run, null, Set.of(),
                    false, true, 0, 0, 0, new IngestTally());

            store.write(new SampleChunk(ingest, samples(2, 1001), List.of(), 0, 2, 1001), true);
            // lines 1002..2001 never reached the database (a server that restarted before flushing them)
            assertThatThrownBy(() -> store.write(new SampleChunk(ingest, samples(2002, 3001), List.of(), 0, 2002, 3001), true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("before line 2001");

            RunRecord stored = store.find(run.id());
            assertThat(stored.linesDone()).isEqualTo(1001);
            assertThat(stored.sampleCount()).isEqualTo(1000);
            assertThat(store.countSamples(run.id())).as("the refused chunk's samples rolled back with it").isEqualTo(1000);

            // read again from the stored position, the missing lines and the rest load
            store.write(new SampleChunk(ingest, samples(1002, 2001), List.of(), 0, 1002, 2001), true);
            store.write(new SampleChunk(ingest, samples(2002, 3001), List.of(), 0, 2002, 3001), true);
            assertThat(store.find(run.id()).linesDone()).isEqualTo(3001);
            assertThat(store.countSamples(run.id())).isEqualTo(3000);
        }
    }
}

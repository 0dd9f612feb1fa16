package com.migrationhub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.migrationhub.testing.LocalPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared read locks on the local PostgreSQL: of instances racing for one file exactly one wins; an orphan is taken over. */
class ClusterFileLocksTest {

    private String url;
    private Database db;
    private final List<DefaultCamelContext> contexts = new ArrayList<>();

    @BeforeEach
    void open() {
        assumeTrue(LocalPostgres.reachable(), "PostgreSQL on 127.0.0.1:5432");
        url = LocalPostgres.freshSchemaUrl("locks");
        db = Database.open("hub", url);
        HubCluster.migrate(db);
    }

    @AfterEach
    void close() {
        contexts.forEach(DefaultCamelContext::stop);
        if (db != null) {
            db.close();
            LocalPostgres.dropSchemaOf(url);
        }
    }

    /** One repository per instance, as each JVM has its own. */
    private ClusterFileLocks instance(long maxAgeMs, long keepAliveMs) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.start();
        contexts.add(context);
        ClusterFileLocks locks = new ClusterFileLocks(db.dataSource(), maxAgeMs, keepAliveMs);
        locks.setCamelContext(context);
        locks.start();
        return locks;
    }

    @Test
    void ofThreeInstancesRacingForAFileExactlyOneTakesIt() throws Exception {
        List<ClusterFileLocks> instances = List.of(instance(30_000, 5_000), instance(30_000, 5_000), instance(30_000, 5_000));
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 100; round++) {
                String key = "/inbox/ppak/projects_" + round + ".csv";
                CyclicBarrier together = new CyclicBarrier(3);
                List<Future<Boolean>> takes = new ArrayList<>();
                for (ClusterFileLocks locks : instances) {
                    takes.add(threads.submit(() -> {
                        together.await();
                        return locks.add(key);
                    }));
                }
                int taken = 0;
                for (Future<Boolean> take : takes) {
                    taken += take.get() ? 1 : 0;
                }
                assertThat(taken).as("round %d", round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aLockItsInstanceStoppedRefreshingIsTakenOverOnceAndThenKeptAlive() {
        ClusterFileLocks dead = instance(1_500, 300);
        ClusterFileLocks second = instance(1_500, 300);
        ClusterFileLocks third = instance(1_500, 300);
        assertThat(dead.add("big.csv")).isTrue();
        dead.shutdown(); // no more keep-alive: as a kill -9 leaves it
        assertThat(second.add("big.csv")).isFalse();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> second.add("big.csv"));
        // the new holder keeps it alive: well past the max age nobody else gets it
        long until = System.currentTimeMillis() + 4_000;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(third.add("big.csv")).isFalse();
            return System.currentTimeMillis() > until;
        });
        assertThat(second.remove("big.csv")).isTrue();
        assertThat(third.add("big.csv")).isTrue();
    }
}

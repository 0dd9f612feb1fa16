package com.migrationhub.ppak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Chunks that arrive in any order still load in file order. */
class LoadOrderTest {

    @Test
    void chunksArrivingInReverseLoadInSequence() throws Exception {
        LoadOrder order = new LoadOrder();
        List<Long> loaded = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (long seq = 7; seq >= 0; seq--) {
            long s = seq;
            pool.submit(() -> {
                order.awaitTurn(s);
                loaded.add(s);
                order.done(s);
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loaded).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
}

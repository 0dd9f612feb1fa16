package com.migrationhub.innergy.sandbox;

import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per API key: {@code perSecond} tokens refill each second, up to a burst of the same
 * size. A call without a token is answered 429 with the seconds until the next one as Retry-After.
 */
final class RateLimit {

    private final Map<String, double[]> buckets = new HashMap<>(); // key -> {tokens, lastRefillNanos}
    private int perSecond;

    RateLimit(int perSecond) {
        this.perSecond = Math.max(0, perSecond);
    }

    synchronized void set(int perSecond) {
        this.perSecond = Math.max(0, perSecond);
        buckets.clear();
    }

    synchronized int perSecond() {
        return perSecond;
    }

    /** 0 when the call may go ahead, else the whole seconds to wait (at least 1). */
    synchronized long take(String key, long nowNanos) {
        if (perSecond == 0) {
            return 0;
        }
        double[] b = buckets.computeIfAbsent(key, k -> new double[] {perSecond, nowNanos});
        double elapsed = (nowNanos - b[1]) / 1e9;
        b[0] = Math.min(perSecond, b[0] + elapsed * perSecond);
        b[1] = nowNanos;
        if (b[0] >= 1) {
            b[0] -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b[0]) / perSecond));
    }
}

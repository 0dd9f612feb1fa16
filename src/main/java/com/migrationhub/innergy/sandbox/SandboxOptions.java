package com.migrationhub.innergy.sandbox;

import com.migrationhub.innergy.InnergyPaths;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a sandbox starts: the loopback port (0 picks a free one), the accepted keys (true = may write;
 * a {@code K:read} key is read-only and gets 403 on writes), a per-key rate limit (0 = off), a
 * latency added to every API answer, a data file (null = memory only) and the route table.
 */
public record SandboxOptions(int port, Map<String, Boolean> keys, int rateLimitPerSecond, int latencyMs, Path dataFile,
                             InnergyPaths paths) {

    public SandboxOptions {
        keys = Map.copyOf(keys);
    }

    /** Parses {@code --api-key} values: {@code K} may write, {@code K:read} may only read. */
    public static Map<String, Boolean> parseKeys(Iterable<String> specs) {
        Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        for (String spec : specs) {
            if (spec.endsWith(":read")) {
                out.put(spec.substring(0, spec.length() - 5), false);
            } else if (spec.endsWith(":write")) {
                out.put(spec.substring(0, spec.length() - 6), true);
            } else {
                out.put(spec, true);
            }
        }
        return out;
    }
}

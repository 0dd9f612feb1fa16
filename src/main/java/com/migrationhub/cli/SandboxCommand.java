package com.migrationhub.cli;

import com.migrationhub.core.HubConfigurationException;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.migrationhub.core.StopSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./hub sandbox}: the INNERGY sandbox on loopback, for rehearsals (docs/SANDBOX.md). */
@Command(name = "sandbox", description = "Run the INNERGY sandbox server on 127.0.0.1 (see docs/SANDBOX.md).")
public final class SandboxCommand implements Callable<Integer> {

    /** The rehearsal key accepted when neither --api-key nor INNERGY_API_KEY is given: not a secret. */
    static final String DEFAULT_KEY = "sandbox-key";

    @Mixin
    HubOptions options;

    @Option(names = "--port", paramLabel = "N", description = "port on 127.0.0.1 (default 8089; 0 picks a free one)")
    Integer port;

    @Option(names = "--api-key", paramLabel = "K[:read]", description = "an accepted key (repeatable); K:read may only read (403 on writes)")
    List<String> apiKeys = new ArrayList<>();

    @Option(names = "--rate-limit", paramLabel = "N", description = "requests per second per key (token bucket; 0 = off)")
    int rateLimit;

    @Option(names = "--latency-ms", paramLabel = "N", description = "added to every API answer")
    int latencyMs;

    @Option(names = "--data", paramLabel = "FILE", description = "keep the data in this JSON file (default: memory only)")
    Path data;

    @Override
    public Integer call() throws Exception {
        HubSettings settings = options.settings(Map.of());
        String keySource;
        Map<String, Boolean> keys;
        if (!apiKeys.isEmpty()) {
            keys = SandboxOptions.parseKeys(apiKeys);
            keySource = "--api-key";
        } else if (!settings.get("hub.innergy.api-key", "").isBlank()) {
            keys = Map.of(settings.get("hub.innergy.api-key").strip(), true);
            keySource = "INNERGY_API_KEY";
        } else {
            keys = Map.of(DEFAULT_KEY, true);
            keySource = "the default rehearsal key '" + DEFAULT_KEY + "'";
        }
        int p = port != null ? port : settings.getInt("hub.sandbox.port", 8089);
        if (p < 0 || p > 65535 || rateLimit < 0 || latencyMs < 0) {
            throw new HubConfigurationException("--port, --rate-limit and --latency-ms must be positive numbers");
        }
        InnergySandbox sandbox;
        try {
            sandbox = InnergySandbox.start(new SandboxOptions(p, keys, rateLimit, latencyMs,
                    data == null ? null : data.toAbsolutePath(), InnergyPaths.from(settings)));
        } catch (java.io.UncheckedIOException e) {
            throw new HubConfigurationException("cannot listen on 127.0.0.1:" + p + " (" + e.getCause().getMessage()
                    + "): choose another --port");
        }
        long readOnly = keys.values().stream().filter(w -> !w).count();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("base_url", sandbox.baseUrl());
        result.put("keys", keys.size());
        result.put("read_only_keys", readOnly);
        result.put("key_source", keySource.startsWith("the default") ? "default" : keySource);
        result.put("rate_limit_per_second", rateLimit);
        result.put("latency_ms", latencyMs);
        result.put("data_file", data == null ? null : data.toAbsolutePath().toString());
        result.put("admin", sandbox.baseUrl() + "/__admin/");
        result.put("running", true);
        options.output().print(ExitCodes.CLEAN, result, String.format(
                "INNERGY sandbox on %s%n  accepting %d key(s) from %s (%d read-only)%n  rate limit %s, latency %d ms, data %s%n"
                        + "  test controls: %s/__admin/ (reset, seed, data, requests, faults, rate-limit, latency, traps)%n"
                        + "  point the hub at it: INNERGY_API_BASE_URL=%s ; Ctrl+C stops",
                sandbox.baseUrl(), keys.size(), keySource, readOnly, rateLimit == 0 ? "off" : rateLimit + "/s per key",
                latencyMs, data == null ? "in memory" : data.toAbsolutePath(), sandbox.baseUrl(), sandbox.baseUrl()));
        StopSignal.await(sandbox::close);
        return ExitCodes.CLEAN;
    }
}

package com.migrationhub.innergy;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real INNERGY sandbox on a free loopback port, and the hub's real Camel runtime with the INNERGY
 * route file pointed at it: short redelivery delays and timeouts so the failure tests stay quick.
 */
final class SandboxRig implements AutoCloseable {

    static final String KEY = "k-7f3c9e21-sandbox-secret";
    static final String READ_ONLY_KEY = "k-read-only-5d1a";
    static final int MAX_REDELIVERIES = 4;

    final InnergySandbox sandbox;
    final HubSettings settings;
    final HubRuntime runtime;

    SandboxRig(Path home, Map<String, String> overrides, int latencyMs) {
        HubSettings defaults = HubSettings.of(home, Map.of());
        this.sandbox = InnergySandbox.start(new SandboxOptions(0, Map.of(KEY, true, READ_ONLY_KEY, false), 0, latencyMs,
                null, InnergyPaths.from(defaults)));
        Map<String, String> s = new LinkedHashMap<>();
        s.put("hub.innergy.base-url", sandbox.baseUrl());
        s.put("hub.innergy.api-key", KEY);
        s.put("hub.innergy.retry.max-redeliveries", Integer.toString(MAX_REDELIVERIES));
        s.put("hub.innergy.retry.initial-delay-ms", "20");
        s.put("hub.innergy.retry.max-delay-ms", "200");
        s.put("hub.innergy.response-timeout-ms", "800");
        s.put("hub.ppak.autostart", "false");
        s.putAll(overrides);
        this.settings = HubSettings.of(home, s);
        this.runtime = HubRuntime.start(settings, List.of("innergy"));
    }

    SandboxRig(Path home) {
        this(home, Map.of(), 0);
    }

    InnergyClient client() {
        return runtime.services().innergy().client();
    }

    /** Calls the sandbox saw on one method and path. */
    long calls(String method, String path) {
        return sandbox.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            sandbox.close();
        }
    }
}

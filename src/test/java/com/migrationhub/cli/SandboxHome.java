package com.migrationhub.cli;

import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.sandbox.InnergySandbox;
import com.migrationhub.innergy.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real INNERGY sandbox on a free loopback port, and a home whose .env names it and the key, with short retries. */
final class SandboxHome {

    private SandboxHome() {
    }

    static InnergySandbox start(Path home, String key) throws IOException {
        InnergySandbox sandbox = InnergySandbox.start(new SandboxOptions(0, Map.of(key, true), 0, 0, null,
                InnergyPaths.from(HubSettings.of(home, Map.of()))));
        Files.writeString(home.resolve(".env"), "INNERGY_API_BASE_URL=" + sandbox.baseUrl() + "\nINNERGY_API_KEY=" + key + "\n");
        Files.writeString(home.resolve("hub.properties"), "hub.innergy.retry.initial-delay-ms=20\n"
                + "hub.innergy.retry.max-delay-ms=200\nhub.innergy.response-timeout-ms=2000\n");
        return sandbox;
    }
}

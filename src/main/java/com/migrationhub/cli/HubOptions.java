package com.migrationhub.cli;

import com.migrationhub.core.HubSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: the home and JSON output. */
public final class HubOptions {

    @Option(names = "--home", paramLabel = "DIR", description = "the hub home (default: HUB_HOME, else the current directory)")
    Path home;

    @Option(names = "--json", description = "print one JSON object instead of the human summary")
    boolean json;

    /** The merged settings; also points the log files at the home before anything logs. */
    public HubSettings settings(Map<String, String> flags) {
        Path dir = home != null ? home
                : System.getenv("HUB_HOME") != null ? Path.of(System.getenv("HUB_HOME"))
                : Path.of("").toAbsolutePath();
        Map<String, String> withFlags = new LinkedHashMap<>(flags);
        HubSettings settings = HubSettings.load(dir.toAbsolutePath(), System.getenv(), withFlags);
        com.migrationhub.core.HubLogging.configure(settings);
        return settings;
    }

    public boolean json() {
        return json;
    }
}

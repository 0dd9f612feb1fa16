package com.migrationhub.extruder;

import com.migrationhub.HubTestSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The extruder routes with the controller's log folder tailed live: polled every 200 ms, runs idle after 3 s. */
abstract class LiveTailTestSupport extends HubTestSupport {

    protected Path controllerFolder() {
        return home().resolve("controller/logs");
    }

    @Override
    protected List<String> routeFiles() {
        return List.of("extruder");
    }

    @Override
    protected Map<String, String> settingsOverrides() {
        return Map.of("hub.extruder.timezone", "UTC",
                "hub.extruder.live-dir", controllerFolder().toString(),
                "hub.extruder.live-poll-ms", "200",
                "hub.extruder.run-idle", "3s");
    }
}

package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HomeLock;
import com.migrationhub.core.HubSettings;
import com.migrationhub.ops.HttpBinding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./hub run}: the service. Every route polls, the scheduler runs, HTTP on 127.0.0.1:8080. Its answer is
 * the banner, printed once the service is up (with --json: {@code running: true}, exit code 0 so far).
 */
@Command(name = "run", description = "Run the service: watch the inboxes, run the schedule, serve HTTP.")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Override
    public Integer call() throws Exception {
        HubSettings settings = HttpBinding.checked(options.settings(Map.of("hub.http.enabled", "true", "hub.service", "true")));
        // on the embedded SQLite ledger one service per home (SPEC §9); the lock lives as long as this process
        HomeLock lock = settings.get("hub.db.url").startsWith("jdbc:sqlite:")
                ? HomeLock.acquire(settings.path("hub.data"), settings.get("hub.instance.id")) : null;
        HubRuntime runtime = HubRuntime.start(settings, HubRuntime.ROUTE_FILES);
        String live = settings.get("hub.extruder.live-dir", "");
        String inbox = settings.get("hub.inbox");
        String dashboard = "http://" + settings.get("hub.http.host") + ":" + settings.get("hub.http.port") + "/";
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("home", settings.get("hub.home"));
        result.put("inbox", inbox);
        result.put("live_extruder_dir", live.isBlank() ? null : live);
        result.put("dashboard", dashboard);
        result.put("logs", settings.get("hub.logs"));
        result.put("running", true);
        options.output().print(ExitCodes.CLEAN, result, String.format("Migration Hub running in %s%n  inboxes: %s/ppak (PPak exports), "
                        + "%s/rmos (RMOS documents), %s/extruder/{logs,config,events} (extruder)%n%s  dashboard %s%n"
                        + "  logs in %s; Ctrl+C stops", settings.get("hub.home"), inbox, inbox, inbox,
                live.isBlank() ? "" : "  live extruder logs read in place from " + live + "\n", dashboard, settings.get("hub.logs")));
        runtime.awaitShutdown();
        if (lock != null) {
            lock.close(); // held (and so reachable) until the service has stopped
        }
        return ExitCodes.CLEAN;
    }
}

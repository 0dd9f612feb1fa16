package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HomeLock;
import com.migrationhub.core.HubSettings;
import com.migrationhub.core.HttpBinding;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./hub run}: the service. Every route polls, the scheduler runs, HTTP on 127.0.0.1:8080. */
@Command(name = "run", description = "Run the service: watch the inboxes, run the schedule, serve HTTP.")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Override
    public Integer call() throws Exception {
        HubSettings settings = HttpBinding.checked(options.settings(Map.of("hub.http.enabled", "true")));
        // on the embedded SQLite ledger one service per home (SPEC §9); the lock lives as long as this process
        HomeLock lock = settings.get("hub.db.url").startsWith("jdbc:sqlite:")
                ? HomeLock.acquire(settings.path("hub.data"), settings.get("hub.instance.id")) : null;
        HubRuntime runtime = HubRuntime.start(settings, HubRuntime.ROUTE_FILES);
        String live = settings.get("hub.extruder.live-dir", "");
        System.out.printf("Migration Hub running in %s%n  inboxes: %s/ppak (PPak exports), %s/rmos (RMOS documents), "
                        + "%s/extruder/{logs,config,events} (extruder)%n%s  dashboard http://%s:%s/%n  logs in %s; Ctrl+C stops%n",
                settings.get("hub.home"), settings.get("hub.inbox"), settings.get("hub.inbox"), settings.get("hub.inbox"),
                live.isBlank() ? "" : "  live extruder logs read in place from " + live + "\n",
                settings.get("hub.http.host"), settings.get("hub.http.port"), settings.get("hub.logs"));
        System.out.flush();
        runtime.awaitShutdown();
        if (lock != null) {
            lock.close(); // held (and so reachable) until the service has stopped
        }
        return ExitCodes.CLEAN;
    }
}

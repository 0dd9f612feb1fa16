package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.InnergyClient;
import com.migrationhub.innergy.InnergyPaths;
import com.migrationhub.innergy.InnergyRequest;
import com.migrationhub.innergy.api.ServerVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./hub innergy-check}: is INNERGY reachable at INNERGY_API_BASE_URL and does it accept
 * INNERGY_API_KEY? Reads the version and one project. Exit 0 yes, 3 unreachable or key refused.
 */
@Command(name = "innergy-check", description = "Check INNERGY_API_BASE_URL and INNERGY_API_KEY (exit 0 ok, 3 unreachable or refused).")
public final class InnergyCheckCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Override
    public Integer call() {
        HubSettings settings = options.settings(Map.of("hub.ppak.autostart", "false"));
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("innergy"))) {
            InnergyClient client = runtime.services().innergy().client();
            ServerVersion version = client.version();
            // the version may be public: a one-item page of projects proves the key is accepted
            client.call(InnergyRequest.get(client.paths().path(InnergyPaths.Operation.PROJECTS), "skip=0&take=1"));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("base_url", client.baseUrl());
            result.put("server_version", version.serverVersion());
            result.put("key_accepted", true);
            return options.output().print(ExitCodes.CLEAN, result, "INNERGY at " + client.baseUrl() + " answered (server version "
                    + version.serverVersion() + ") and accepted INNERGY_API_KEY");
        }
    }
}

package com.migrationhub.cli;

import com.migrationhub.HubServices;
import com.migrationhub.core.HubSettings;
import com.migrationhub.rmos.RmosAudit;
import com.migrationhub.rmos.RmosReports;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./hub rmos-audit}: the RMOS database audit; exit 0 when it passes, 1 when it finds errors. */
@Command(name = "rmos-audit", mixinStandardHelpOptions = true, description = "Audit the RMOS database: schema, indexes, fields, ranges, references, timestamps, JSON.")
public final class RmosAuditCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Override
    public Integer call() {
        HubSettings settings = options.settings(Map.of());
        try (HubServices services = HubServices.open(settings)) {
            RmosAudit.Result result = services.rmos().audit().run();
            List<Path> files = services.rmos().reports().writeAudit(result);
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.putAll(RmosReports.auditJson(result));
            String human = RmosReports.auditText(result) + "reports: " + files.get(0) + ", " + files.get(1);
            return options.output().print(result.passed() ? ExitCodes.CLEAN : ExitCodes.REJECTS, json, human);
        }
    }
}

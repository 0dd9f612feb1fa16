package com.migrationhub.cli;

import com.migrationhub.HubRuntime;
import com.migrationhub.core.HubSettings;
import com.migrationhub.innergy.HealthCheck;
import com.migrationhub.innergy.InnergyServices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./hub full-cycle}: the PPak ETL over the inbox, then material sync, project import and the
 * health check, with one combined summary. Dry-run unless --live.
 */
@Command(name = "full-cycle", description = "PPak ETL -> material sync -> project import -> health check; dry-run unless --live.")
public final class FullCycleCommand implements Callable<Integer> {

    @Mixin
    HubOptions options;

    @Option(names = "--live", description = "send the INNERGY writes (default: dry-run)")
    boolean live;

    @Override
    public Integer call() throws Exception {
        HubSettings settings = InnergyCommands.settings(options);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", "full-cycle");
        StringBuilder human = new StringBuilder();
        int etlCode = PpakEtlCommand.run(settings, (etl, text) -> {
            result.put("ppak_etl", etl);
            human.append(text).append(System.lineSeparator()).append(System.lineSeparator());
        });
        Map<String, Object> cycle;
        try (HubRuntime runtime = HubRuntime.start(settings, List.of("innergy"))) {
            InnergyServices innergy = runtime.services().innergy();
            boolean goLive = live || innergy.live();
            result.put("mode", goLive ? "live" : "dry-run");
            cycle = innergy.cycle(goLive);
        }
        result.putAll(cycle);
        human.append(cycleSummary(cycle));
        boolean clean = etlCode == ExitCodes.CLEAN && InnergyCommands.failed(sub(cycle, "import")) == 0
                && ((Number) ((Map<?, ?>) sub(cycle, "material_sync").get("counts")).get("failed")).longValue() == 0
                && HealthCheck.HEALTHY.equals(sub(cycle, "health_check").get("overall_health"));
        int code = clean ? ExitCodes.CLEAN : ExitCodes.REJECTS;
        result.put("exit_code", code);
        CommandOutput.print(options.json(), result, human.toString());
        return code;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sub(Map<String, Object> cycle, String key) {
        return (Map<String, Object>) cycle.get(key);
    }

    @SuppressWarnings("unchecked")
    static String cycleSummary(Map<String, Object> cycle) {
        Map<String, Object> sync = sub(cycle, "material_sync");
        Map<String, Object> imp = sub(cycle, "import");
        Map<String, Object> health = sub(cycle, "health_check");
        Map<String, Object> c = (Map<String, Object>) sync.get("counts");
        Map<String, Object> p = (Map<String, Object>) imp.get("projects");
        Map<String, Object> w = (Map<String, Object>) imp.get("work_orders");
        StringBuilder s = new StringBuilder();
        s.append(String.format("material sync (%s): %s new, %s updated, %s inactive, %s unchanged, %s failed, %s unmanaged%n",
                sync.get("mode"), c.get("new"), c.get("updated"), c.get("inactive"), c.get("unchanged"), c.get("failed"),
                c.get("unmanaged")));
        s.append(String.format("project import (%s): projects %s created, %s updated, %s unchanged, %s failed; "
                        + "work orders %s created, %s updated, %s unchanged, %s failed%n", imp.get("mode"), p.get("created"),
                p.get("updated"), p.get("unchanged"), p.get("failed"), w.get("created"), w.get("updated"), w.get("unchanged"),
                w.get("failed")));
        s.append("health check: ").append(health.get("overall_health"));
        for (Object e : (List<Object>) health.get("errors")) {
            s.append(System.lineSeparator()).append("  error: ").append(e);
        }
        for (Object e : (List<Object>) health.get("warnings")) {
            s.append(System.lineSeparator()).append("  warning: ").append(e);
        }
        s.append(System.lineSeparator()).append("reports: ").append(health.get("report")).append(" and the others in the same folder");
        return s.toString();
    }
}
